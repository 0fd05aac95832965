import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { failureMessage, RunError, runPlainheal } from "../src/run";
import { running } from "./process";

function script(body: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "plainheal-run-")), "plainheal");
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** Fails (instead of hanging the suite) when a run is not over within `seconds`. */
function within<T>(seconds: number, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${seconds} s`)), seconds * 1000);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}


/** A file the script writes a process id into, and that id once it is there. */
function pidFile(): { file: string; pid: () => number } {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "plainheal-pid-")), "pid");
  return { file, pid: () => Number(readFileSync(file, "utf8").trim()) };
}

const isTimeout = (error: unknown) => error instanceof RunError && error.kind === "timeout";

test("arguments reach the program as they are, with no shell in between", async () => {
  const program = script('for a in "$@"; do printf "%s\\n" "$a"; done');
  const output = await runPlainheal(program, ["summarize", "/a vault/with $HOME; rm -rf x", "--json"], { timeoutMs: 10_000 });
  assert.equal(output.code, 0);
  assert.deepEqual(output.stdout.trim().split("\n"), ["summarize", "/a vault/with $HOME; rm -rf x", "--json"]);
});

test("a non-zero exit resolves with its code and messages", async () => {
  const output = await runPlainheal(script('echo "Error: the vault is locked" >&2; exit 1'), [], { timeoutMs: 10_000 });
  assert.equal(output.code, 1);
  assert.equal(failureMessage(output), "the vault is locked");
});

test("a program that is not there is 'not found'", async () => {
  await assert.rejects(runPlainheal("/no/such/plainheal", [], { timeoutMs: 10_000 }), (error: unknown) => {
    assert.ok(error instanceof RunError);
    assert.equal(error.kind, "not-found");
    assert.equal(error.message, "plainheal not found at /no/such/plainheal");
    return true;
  });
});

test("a run that takes too long is stopped and says so", async () => {
  await assert.rejects(runPlainheal(script("exec sleep 30"), [], { timeoutMs: 300 }), (error: unknown) => {
    assert.ok(error instanceof RunError);
    assert.equal(error.kind, "timeout");
    assert.match(error.message, /took longer than 0 s and was stopped/);
    return true;
  });
});

test("a crash shows the kind of exception, never the stack trace or the exception's text", () => {
  const stderr = [
    "Traceback (most recent call last):",
    '  File "/x/plainheal/cli.py", line 10, in main',
    "    raise ValueError(text)",
    "ValueError: invalid literal for int() with base 10: 'he promised it would stop'",
  ].join("\n");
  const message = failureMessage({ code: 1, stdout: "", stderr });
  assert.equal(
    message,
    "plainheal stopped unexpectedly (ValueError); the details are not shown here, as they may quote your journal",
  );
  assert.doesNotMatch(message, /promised|File "|line 10/);
  const odd = failureMessage({ code: 1, stdout: "", stderr: "Traceback (most recent call last):\n  'a sentence'\n" });
  assert.equal(odd, "plainheal stopped unexpectedly; the details are not shown here, as they may quote your journal");
});

test("usage errors give their Error line; control characters are removed; silence is named", () => {
  const usage = "Usage: plainheal export [OPTIONS] [VAULT]\nTry 'plainheal export --help' for help.\n\nError: Invalid value for '--since'\n";
  assert.equal(failureMessage({ code: 2, stdout: "", stderr: usage }), "Invalid value for '--since'");
  assert.equal(failureMessage({ code: 1, stdout: "", stderr: "bad \u001b[31mred\u0007\n" }), "bad [31mred");
  assert.equal(failureMessage({ code: 3, stdout: "", stderr: "" }), "plainheal stopped with exit code 3 and no message");
});

test("a run that ignores being asked to stop is killed, and the time limit still holds", async () => {
  const stubborn = script("trap '' TERM\nwhile :; do sleep 0.1; done");
  const started = Date.now();
  await assert.rejects(within(10, runPlainheal(stubborn, [], { timeoutMs: 300, graceMs: 200 })), isTimeout);
  assert.ok(Date.now() - started < 3000, "stopped within the time limit and the grace time");
});

test("what the program started is stopped with it, and never holds the run open", async () => {
  const grandchild = pidFile();
  const program = script(`sleep 30 &\necho $! > '${grandchild.file}'\nexec sleep 30`);
  await assert.rejects(within(10, runPlainheal(program, [], { timeoutMs: 300, graceMs: 200 })), isTimeout);
  assert.ok(existsSync(grandchild.file));
  const deadline = Date.now() + 5000;
  while (running(grandchild.pid()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(running(grandchild.pid()), false, "the process it started in the background is gone");
});

test("a process that cannot be stopped (its own session) does not hold later runs", async () => {
  const escaped = pidFile();
  const program = script(`setsid sleep 30 &\necho $! > '${escaped.file}'\nwait`);
  try {
    await assert.rejects(within(10, runPlainheal(program, [], { timeoutMs: 300, graceMs: 200 })), isTimeout);
  } finally {
    if (existsSync(escaped.file)) process.kill(escaped.pid(), "SIGKILL");
  }
});

test("more output than can be read is said as such, not as a time limit", async () => {
  const flood = script("head -c 70000000 /dev/zero");
  await assert.rejects(within(20, runPlainheal(flood, [], { timeoutMs: 60_000, graceMs: 200 })), (error: unknown) => {
    assert.ok(error instanceof RunError);
    assert.equal(error.kind, "failed");
    assert.equal(error.message, "plainheal printed more than this plugin can read (64 MB) and was stopped");
    return true;
  });
});

test("a run killed from outside says so, not that it could not start", async () => {
  await assert.rejects(runPlainheal(script("kill -KILL $$"), [], { timeoutMs: 10_000 }), (error: unknown) => {
    assert.ok(error instanceof RunError);
    assert.equal(error.message, "plainheal was stopped from outside this plugin (SIGKILL)");
    return true;
  });
});

test("no input is offered: a program that reads it sees its end at once", async () => {
  const output = await within(10, runPlainheal(script("cat; echo read-all"), [], { timeoutMs: 5000 }));
  assert.equal(output.stdout.trim(), "read-all");
});

test("a plainheal too old for what the plugin asks is told as such", () => {
  const stderr = "Usage: plainheal summarize [OPTIONS] [VAULT]\nTry 'plainheal summarize --help' for help.\n\nError: No such option: --json\n";
  assert.equal(
    failureMessage({ code: 2, stdout: "", stderr }),
    "This plainheal is older than this plugin needs (it answered: No such option: --json). " +
      "Install the newer plainheal the way you installed this one, then press Test in the plugin's settings.",
  );
  // Another usage error is told as it is.
  const other = "Error: Invalid value for '--since': '2026-13-01' is not a valid date.\n";
  assert.equal(failureMessage({ code: 2, stdout: "", stderr: other }), "Invalid value for '--since': '2026-13-01' is not a valid date.");
});

test("a plainheal whose Python is gone is not called 'not found'", async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "plainheal-run-")), "plainheal");
  writeFileSync(file, "#!/no/such/python3.11\nimport plainheal\n");
  chmodSync(file, 0o755);
  await assert.rejects(runPlainheal(file, [], { timeoutMs: 10_000 }), (error: unknown) => {
    assert.ok(error instanceof RunError);
    assert.equal(error.kind, "failed");
    assert.match(error.message, /^plainheal is at .+ but could not start: the Python it was installed with is no longer there/);
    return true;
  });
});
