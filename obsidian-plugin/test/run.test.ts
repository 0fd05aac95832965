import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { failureMessage, RunError, runPlainheal } from "../src/run";

function script(body: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "plainheal-run-")), "plainheal");
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

test("arguments reach the program as they are, with no shell in between", async () => {
  const program = script('for a in "$@"; do printf "%s\\n" "$a"; done');
  const output = await runPlainheal(program, ["summarize", "/a vault/with $HOME; rm -rf x", "--json"], 10_000);
  assert.equal(output.code, 0);
  assert.deepEqual(output.stdout.trim().split("\n"), ["summarize", "/a vault/with $HOME; rm -rf x", "--json"]);
});

test("a non-zero exit resolves with its code and messages", async () => {
  const output = await runPlainheal(script('echo "Error: the vault is locked" >&2; exit 1'), [], 10_000);
  assert.equal(output.code, 1);
  assert.equal(failureMessage(output), "the vault is locked");
});

test("a program that is not there is 'not found'", async () => {
  await assert.rejects(runPlainheal("/no/such/plainheal", [], 10_000), (error: unknown) => {
    assert.ok(error instanceof RunError);
    assert.equal(error.kind, "not-found");
    assert.equal(error.message, "plainheal not found at /no/such/plainheal");
    return true;
  });
});

test("a run that takes too long is stopped and says so", async () => {
  await assert.rejects(runPlainheal(script("exec sleep 30"), [], 300), (error: unknown) => {
    assert.ok(error instanceof RunError);
    assert.equal(error.kind, "timeout");
    assert.match(error.message, /took longer than 0 s and was stopped/);
    return true;
  });
});

test("a crash shows its last line, never the stack trace", () => {
  const stderr = [
    "Traceback (most recent call last):",
    '  File "/x/plainheal/cli.py", line 10, in main',
    "    raise RuntimeError",
    "RuntimeError: disk on fire",
  ].join("\n");
  const message = failureMessage({ code: 1, stdout: "", stderr });
  assert.equal(message, "plainheal stopped unexpectedly: RuntimeError: disk on fire");
  assert.doesNotMatch(message, /File "|line 10/);
});

test("usage errors give their Error line; control characters are removed; silence is named", () => {
  const usage = "Usage: plainheal export [OPTIONS] [VAULT]\nTry 'plainheal export --help' for help.\n\nError: Invalid value for '--since'\n";
  assert.equal(failureMessage({ code: 2, stdout: "", stderr: usage }), "Invalid value for '--since'");
  assert.equal(failureMessage({ code: 1, stdout: "", stderr: "bad \u001b[31mred\u0007\n" }), "bad [31mred");
  assert.equal(failureMessage({ code: 3, stdout: "", stderr: "" }), "plainheal stopped with exit code 3 and no message");
});
