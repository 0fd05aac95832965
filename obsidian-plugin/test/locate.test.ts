import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { candidates, findPlainheal } from "../src/locate";

test("Linux: the named venv, then PATH, then pipx and uv folders", () => {
  const found = candidates(
    { platform: "linux", home: "/home/me", env: { PATH: "/usr/bin:/home/me/bin" } },
    "/home/me/plainheal/.venv",
  );
  assert.equal(found[0], "/home/me/plainheal/.venv/bin/plainheal");
  assert.deepEqual(found.slice(1, 3), ["/usr/bin/plainheal", "/home/me/bin/plainheal"]);
  for (const expected of [
    "/home/me/.local/bin/plainheal",
    "/home/me/.local/pipx/venvs/plainheal/bin/plainheal",
    "/home/me/.local/share/pipx/venvs/plainheal/bin/plainheal",
    "/home/me/.local/share/uv/tools/plainheal/bin/plainheal",
  ]) {
    assert.ok(found.includes(expected), expected);
  }
  assert.equal(new Set(found).size, found.length, "no place twice");
});

test("the tools' own settings are honoured", () => {
  const found = candidates(
    { platform: "linux", home: "/h", env: { PIPX_HOME: "/p", UV_TOOL_DIR: "/u", XDG_DATA_HOME: "/x" } },
    "",
  );
  assert.ok(found.includes("/p/venvs/plainheal/bin/plainheal"));
  assert.ok(found.includes("/u/plainheal/bin/plainheal"));
  assert.ok(found.includes("/x/pipx/venvs/plainheal/bin/plainheal"));
});

test("macOS: pipx's Application Support folder and Homebrew", () => {
  const found = candidates({ platform: "darwin", home: "/Users/me", env: {} }, "");
  assert.ok(found.includes("/Users/me/Library/Application Support/pipx/venvs/plainheal/bin/plainheal"));
  assert.ok(found.includes("/opt/homebrew/bin/plainheal"));
});

test("Windows: Scripts\\plainheal.exe in venvs, PATH with ';', uv under APPDATA", () => {
  const found = candidates(
    { platform: "win32", home: "C:\\Users\\me", env: { Path: "C:\\Python\\Scripts;C:\\bin", APPDATA: "C:\\Users\\me\\AppData\\Roaming" } },
    "C:\\venv",
  );
  assert.equal(found[0], "C:\\venv\\Scripts\\plainheal.exe");
  assert.equal(found[1], "C:\\Python\\Scripts\\plainheal.exe");
  assert.ok(found.includes("C:\\Users\\me\\.local\\bin\\plainheal.exe"));
  assert.ok(found.includes("C:\\Users\\me\\AppData\\Roaming\\uv\\tools\\plainheal\\Scripts\\plainheal.exe"));
});

test("finds the first installed program, passing over files that cannot run", async () => {
  const home = mkdtempSync(path.join(tmpdir(), "plainheal-locate-"));
  const local = path.join(home, ".local", "bin");
  const uv = path.join(home, ".local", "share", "uv", "tools", "plainheal", "bin");
  mkdirSync(local, { recursive: true });
  mkdirSync(uv, { recursive: true });
  writeFileSync(path.join(local, "plainheal"), "not a program"); // not executable
  writeFileSync(path.join(uv, "plainheal"), "#!/bin/sh\n");
  chmodSync(path.join(uv, "plainheal"), 0o755);
  const machine = { platform: "linux" as const, home, env: { PATH: "" } };
  assert.equal(await findPlainheal("", "", machine), path.join(uv, "plainheal"));
  assert.equal(await findPlainheal(" /chosen/plainheal ", "", machine), "/chosen/plainheal");
  assert.equal(await findPlainheal("", "", { ...machine, home: path.join(home, "nobody") }), null);
});
