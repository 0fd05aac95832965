// Test helper shared by the test files: whether a process is still running.
import { existsSync, readFileSync } from "node:fs";

/** Whether a process is still running (a zombie waiting to be reaped is not). */
export function running(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    if (existsSync("/proc/self/stat")) return false; // Linux: no such process
    try {
      process.kill(pid, 0); // elsewhere: ask the system (a zombie counts as running)
      return true;
    } catch {
      return false;
    }
  }
  return !/^\d+ \(.*\) Z/.test(stat);
}
