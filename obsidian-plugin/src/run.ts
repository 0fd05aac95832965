// Running the installed `plainheal`: an argument list (never a shell), a time limit, and
// failures turned into one plain sentence.
import { ChildProcess, spawn } from "child_process";
import { statSync } from "fs";

/** What a finished run printed, and how it exited. */
export interface RunOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** plainheal could not be run at all, or was stopped: `kind` says which. */
export class RunError extends Error {
  constructor(
    readonly kind: "not-found" | "timeout" | "failed" | "stopped",
    message: string,
  ) {
    super(message);
  }
}

/** How long one run may take, and what may stop it early. */
export interface RunLimits {
  timeoutMs: number;
  /** Aborted when the plugin is unloaded: the run is stopped and nothing more is told. */
  signal?: AbortSignal;
  /** After asking plainheal to stop, how long before it is killed, and again before giving up on it. */
  graceMs?: number;
}

const MAX_OUTPUT = 64 * 1024 * 1024;
const GRACE_MS = 2000;

/** Run `plainheal ARGS`; resolves with any exit code, rejects only if it could not run or was stopped. */
export function runPlainheal(program: string, args: string[], limits: RunLimits): Promise<RunOutput> {
  const { timeoutMs, signal } = limits;
  const graceMs = limits.graceMs ?? GRACE_MS;
  const windows = process.platform === "win32";
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new RunError("stopped", "plainheal was not started: the plugin is stopping"));
      return;
    }
    const env = { ...process.env, PYTHONIOENCODING: "utf-8", NO_COLOR: "1" };
    let child: ChildProcess;
    try {
      // Its own process group (not on Windows), so that stopping it stops whatever it started.
      child = spawn(program, args, { env, windowsHide: true, detached: !windows, stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
      reject(startFailure(program, error));
      return;
    }
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let size = 0;
    let settled = false;
    let stopping: RunError | null = null;
    const timers: ReturnType<typeof setTimeout>[] = [];

    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      outcome();
    };
    const kill = (how: NodeJS.Signals) => {
      try {
        if (!windows && child.pid !== undefined) process.kill(-child.pid, how);
        else child.kill(how);
      } catch {
        // already gone
      }
    };
    // Politely first; then for certain; then, if even that did not end it (a process stuck
    // on a locked encrypted volume cannot be killed), stop waiting so later runs are not held.
    const stop = (why: RunError) => {
      if (stopping || settled) return;
      stopping = why;
      kill("SIGTERM");
      timers.push(setTimeout(() => kill("SIGKILL"), graceMs));
      timers.push(
        setTimeout(() => {
          child.stdout?.destroy();
          child.stderr?.destroy();
          finish(() => reject(why));
        }, 2 * graceMs),
      );
    };
    const onAbort = () => stop(new RunError("stopped", "plainheal was stopped: the plugin is stopping"));
    signal?.addEventListener("abort", onAbort);

    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      if (stopping) return;
      size += chunk.length;
      if (size > MAX_OUTPUT) {
        stop(new RunError("failed", "plainheal printed more than this plugin can read (64 MB) and was stopped"));
        return;
      }
      into.push(chunk);
    };
    child.stdout?.on("data", collect(stdout));
    child.stderr?.on("data", collect(stderr));

    timers.push(
      setTimeout(() => {
        const seconds = Math.round(timeoutMs / 1000);
        stop(new RunError("timeout", `plainheal took longer than ${seconds} s and was stopped`));
      }, timeoutMs),
    );

    // Also told when a kill fails; once stopping, the outcome is already decided.
    child.on("error", (error) => {
      if (!stopping) finish(() => reject(startFailure(program, error)));
    });
    child.on("close", (code, killedBy) => {
      finish(() => {
        if (stopping) reject(stopping);
        else if (code !== null) {
          resolve({ code, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8") });
        } else reject(new RunError("failed", `plainheal was stopped from outside this plugin (${String(killedBy)})`));
      });
    });
  });
}

function startFailure(program: string, error: unknown): RunError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === "ENOENT" && isFile(program)) {
    // The file is there, but what it starts with is not: a script whose Python was removed
    // (a pipx or venv install after the system's Python was upgraded).
    return new RunError(
      "failed",
      `plainheal is at ${program} but could not start: the Python it was installed with is no longer there ` +
        "(after a Python upgrade, say). Install plainheal again the way you installed it.",
    );
  }
  if (code === "ENOENT" || code === "EACCES" || code === "ENOTDIR") {
    return new RunError("not-found", `plainheal not found at ${program}`);
  }
  return new RunError("failed", `plainheal could not be started (${String(code ?? "unknown")})`);
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
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
    // click's words for an option or command this plainheal does not have: an older one.
    if (output.code === 2 && /^No such (option|command)\b/.test(message)) {
      message =
        `This plainheal is older than this plugin needs (it answered: ${message}). ` +
        "Install the newer plainheal the way you installed this one, then press Test in the plugin's settings.";
    }
  } else if (lines.some((line) => line.startsWith("Traceback "))) {
    // A crash: only the kind of exception. Neither the frames nor the exception's own text
    // (Python's messages quote the values they failed on, which may be the person's words).
    const kind = /^([A-Za-z_][\w.]*)(?::|$)/.exec(lines[lines.length - 1])?.[1];
    message = `plainheal stopped unexpectedly${kind ? ` (${kind})` : ""}; the details are not shown here, as they may quote your journal`;
  } else if (lines.length > 0) {
    message = lines[lines.length - 1];
  } else {
    message = `plainheal stopped with exit code ${output.code} and no message`;
  }
  return message.length > 500 ? `${message.slice(0, 499)}…` : message;
}
