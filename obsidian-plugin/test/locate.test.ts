import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { candidates, findPlainheal, typedPath } from "../src/locate";

test("Linux: the named venv, then PATH, then pipx and uv folders", () => {
  const found = candidates(
    { platform: "linux", home: "/home/me", env: { PATH: "/usr/bin:/home/me/bin" } },
    "/home/me/plainheal/.venv",
  );
  assert.deepEqual(found.slice(0, 2), ["/home/me/plainheal/.venv/bin/plainheal", "/home/me/plainheal/.venv/plainheal"]);
  assert.deepEqual(found.slice(2, 4), ["/usr/bin/plainheal", "/home/me/bin/plainheal"]);
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
  assert.equal(found[2], "C:\\Python\\Scripts\\plainheal.exe");
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
  // A set path that is not on this computer (set on another one, and synced): found instead.
  assert.equal(await findPlainheal(" /chosen/plainheal ", "", machine), path.join(uv, "plainheal"));
  assert.equal(await findPlainheal("C:\\Users\\me\\plainheal.exe", "", machine), path.join(uv, "plainheal"));
  // One that is there is used as it is, even if it cannot run (its run says why).
  assert.equal(await findPlainheal(path.join(local, "plainheal"), "", machine), path.join(local, "plainheal"));
  // A bare name is left to the PATH search of the run itself.
  assert.equal(await findPlainheal("plainheal-dev", "", machine), "plainheal-dev");
  assert.equal(await findPlainheal("", "", { ...machine, home: path.join(home, "nobody") }), null);
});

function program(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, "#!/bin/sh\n");
  chmodSync(file, 0o755);
  return file;
}

test("macOS: pip install --user's ~/Library/Python/3.x/bin is searched, newest Python first", async () => {
  const home = mkdtempSync(path.join(tmpdir(), "plainheal-mac-"));
  program(path.join(home, "Library", "Python", "3.9", "bin", "plainheal"));
  const newest = program(path.join(home, "Library", "Python", "3.12", "bin", "plainheal"));
  mkdirSync(path.join(home, "Library", "Python", "lib"));
  const machine = { platform: "darwin" as const, home, env: { PATH: "/usr/bin:/bin" } };
  assert.equal(await findPlainheal("", "", machine), newest);
});

test("Windows: pip install --user's %APPDATA%\\Python\\Python3xx\\Scripts is among the places", () => {
  const user = ["C:\\Users\\me\\AppData\\Roaming\\Python\\Python312\\Scripts"];
  const found = candidates({ platform: "win32", home: "C:\\Users\\me", env: {} }, "", user);
  assert.ok(found.includes("C:\\Users\\me\\AppData\\Roaming\\Python\\Python312\\Scripts\\plainheal.exe"));
});

test("PATH folders that are not absolute are passed over", () => {
  const found = candidates({ platform: "linux", home: "/h", env: { PATH: "bin:.::/usr/bin" } }, "");
  assert.ok(found.includes("/usr/bin/plainheal"));
  assert.ok(found.every((file) => path.isAbsolute(file)), found.join("\n"));
});

test("a path as typed or pasted: quotes and ~ are understood", () => {
  const linux = { platform: "linux" as const, home: "/home/me", env: {} };
  const windows = { platform: "win32" as const, home: "C:\\Users\\me", env: {} };
  assert.equal(typedPath(' "/opt/my tools/plainheal" ', linux), "/opt/my tools/plainheal");
  assert.equal(typedPath("~/.local/bin/plainheal", linux), "/home/me/.local/bin/plainheal");
  assert.equal(typedPath("~", linux), "/home/me");
  assert.equal(typedPath('"C:\\Program Files\\plainheal.exe"', windows), "C:\\Program Files\\plainheal.exe");
  assert.equal(typedPath("~\\venv", windows), "C:\\Users\\me\\venv");
  assert.equal(typedPath("~other/x", linux), "~other/x");
});

test("the program setting: a quoted path, a ~ path, or the folder holding it, or a venv", async () => {
  const home = mkdtempSync(path.join(tmpdir(), "plainheal-typed-"));
  const inBin = program(path.join(home, "tools", "venv", "bin", "plainheal"));
  const machine = { platform: "linux" as const, home, env: { PATH: "" } };
  assert.equal(await findPlainheal(`'${inBin}'`, "", machine), inBin);
  assert.equal(await findPlainheal("~/tools/venv/bin/plainheal", "", machine), inBin);
  assert.equal(await findPlainheal(path.join(home, "tools", "venv", "bin"), "", machine), inBin);
  assert.equal(await findPlainheal(path.join(home, "tools", "venv"), "", machine), inBin);
  // The venv setting: the venv or its bin folder, typed with ~.
  assert.equal(await findPlainheal("", "~/tools/venv", machine), inBin);
  assert.equal(await findPlainheal("", "~/tools/venv/bin", machine), inBin);
});
