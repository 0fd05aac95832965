// Running the installed `plainheal`: an argument list (never a shell), a time limit, and
// failures turned into one plain sentence.
import { execFile } from "child_process";

/** What a finished run printed, and how it exited. */
export interface RunOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** plainheal could not be run at all, or was stopped: `kind` says which. */
export class RunError extends Error {
  constructor(
    readonly kind: "not-found" | "timeout" | "failed",
    message: string,
  ) {
    super(message);
  }
}

const MAX_OUTPUT = 64 * 1024 * 1024;

/** Run `plainheal ARGS`; resolves with any exit code, rejects only if it could not run. */
export function runPlainheal(program: string, args: string[], timeoutMs: number): Promise<RunOutput> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, PYTHONIOENCODING: "utf-8", NO_COLOR: "1" };
    execFile(
      program,
      args,
      { timeout: timeoutMs, maxBuffer: MAX_OUTPUT, windowsHide: true, encoding: "utf8", env },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ code: 0, stdout, stderr });
          return;
        }
        const failure = error as NodeJS.ErrnoException & { killed?: boolean; code?: unknown };
        if (failure.code === "ENOENT" || failure.code === "EACCES" || failure.code === "ENOTDIR") {
          reject(new RunError("not-found", `plainheal not found at ${program}`));
        } else if (failure.killed) {
          const seconds = Math.round(timeoutMs / 1000);
          reject(new RunError("timeout", `plainheal took longer than ${seconds} s and was stopped`));
        } else if (typeof failure.code === "number") {
          resolve({ code: failure.code, stdout, stderr });
        } else {
          reject(new RunError("failed", `plainheal could not be started (${String(failure.code ?? "unknown")})`));
        }
      },
    );
  });
}

// Terminal control characters never reach the screen.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** One plain sentence from a failed run's messages: its error line, never a stack trace. */
export function failureMessage(output: RunOutput): string {
  const lines = output.stderr
    .split(/\r?\n/)
    .map((line) => line.replace(CONTROL, "").trim())
    .filter((line) => line !== "");
  const stated = lines.filter((line) => line.startsWith("Error: ")).map((line) => line.slice(7));
  let message: string;
  if (stated.length > 0) {
    message = stated.join(" ");
  } else if (lines.some((line) => line.startsWith("Traceback "))) {
    // A crash: only its last line (the exception), not the frames above it.
    message = `plainheal stopped unexpectedly: ${lines[lines.length - 1]}`;
  } else if (lines.length > 0) {
    message = lines[lines.length - 1];
  } else {
    message = `plainheal stopped with exit code ${output.code} and no message`;
  }
  return message.length > 500 ? `${message.slice(0, 499)}…` : message;
}
