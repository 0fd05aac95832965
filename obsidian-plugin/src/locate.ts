// Where an installed `plainheal` command may be. Obsidian started from a desktop launcher
// often has a shorter PATH than a terminal, so the usual install folders are tried too.
import { constants } from "fs";
import { access, readdir, stat } from "fs/promises";
import { homedir } from "os";
import * as path from "path";

/** What the search needs to know about this computer (passed in, so tests can vary it). */
export interface Machine {
  platform: NodeJS.Platform;
  home: string;
  env: Record<string, string | undefined>;
}

/**
 * A path as a person types or pastes it: without the quotes Windows' "Copy as path" adds,
 * and with `~` as their home folder (no shell is there to expand it).
 */
export function typedPath(typed: string, machine: Machine): string {
  let clean = typed.trim();
  if (clean.length >= 2 && /^(["']).*\1$/.test(clean)) clean = clean.slice(1, -1).trim();
  if (clean === "~") return machine.home;
  if (clean.startsWith("~/") || (machine.platform === "win32" && clean.startsWith("~\\"))) {
    return (machine.platform === "win32" ? path.win32 : path.posix).join(machine.home, clean.slice(2));
  }
  return clean;
}

/**
 * Every place tried, in order: the venv the person named, PATH, then install folders, then
 * `userFolders` (pip's --user folders found on this computer: see `pythonUserFolders`).
 */
export function candidates(machine: Machine, venv: string, userFolders: string[] = []): string[] {
  const windows = machine.platform === "win32";
  const p = windows ? path.win32 : path.posix;
  const exe = windows ? "plainheal.exe" : "plainheal";
  const bin = windows ? "Scripts" : "bin";
  const { env, home } = machine;
  const folders: string[] = [];
  const named = typedPath(venv, machine);
  // The venv's folder, or (as often pasted) its bin folder itself.
  if (named) folders.push(p.join(named, bin), named);
  const pathVar = env.PATH ?? env.Path ?? "";
  // Only absolute folders: a relative one would depend on the folder Obsidian started in.
  folders.push(...pathVar.split(windows ? ";" : ":").filter((folder) => p.isAbsolute(folder)));
  // pipx and uv put their command links here on every system.
  folders.push(p.join(home, ".local", "bin"));
  if (env.PIPX_BIN_DIR) folders.push(env.PIPX_BIN_DIR);
  if (env.UV_TOOL_BIN_DIR) folders.push(env.UV_TOOL_BIN_DIR);
  // The tools' own environments, in case the link folder was never set up.
  const data = windows
    ? (env.APPDATA ?? p.join(home, "AppData", "Roaming"))
    : (env.XDG_DATA_HOME ?? p.join(home, ".local", "share"));
  const pipxHomes = [
    env.PIPX_HOME,
    p.join(home, ".local", "pipx"),
    windows ? p.join(home, "pipx") : p.join(data, "pipx"),
    machine.platform === "darwin" ? p.join(home, "Library", "Application Support", "pipx") : undefined,
  ];
  for (const pipxHome of pipxHomes) {
    if (pipxHome) folders.push(p.join(pipxHome, "venvs", "plainheal", bin));
  }
  folders.push(p.join(env.UV_TOOL_DIR ?? p.join(data, "uv", "tools"), "plainheal", bin));
  if (!windows) folders.push("/opt/homebrew/bin", "/usr/local/bin");
  folders.push(...userFolders);
  const seen = new Set<string>();
  const found: string[] = [];
  for (const folder of folders) {
    const file = p.join(folder, exe);
    if (!seen.has(file)) {
      seen.add(file);
      found.push(file);
    }
  }
  return found;
}

async function isProgram(file: string, windows: boolean): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) return false;
    await access(file, windows ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where `pip install --user` puts programs on macOS (`~/Library/Python/3.x/bin`) and Windows
 * (`%APPDATA%\\Python\\Python3xx\\Scripts`), newest Python first; elsewhere it is
 * `~/.local/bin`, already searched.
 */
export async function pythonUserFolders(machine: Machine): Promise<string[]> {
  const windows = machine.platform === "win32";
  const p = windows ? path.win32 : path.posix;
  let root: string;
  let version: RegExp;
  if (machine.platform === "darwin") {
    root = p.join(machine.home, "Library", "Python");
    version = /^3\.(\d+)$/;
  } else if (windows) {
    root = p.join(machine.env.APPDATA ?? p.join(machine.home, "AppData", "Roaming"), "Python");
    version = /^Python3(\d+)$/i;
  } else {
    return [];
  }
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return [];
  }
  return names
    .map((name) => ({ name, minor: Number(version.exec(name)?.[1] ?? Number.NaN) }))
    .filter(({ minor }) => Number.isInteger(minor))
    .sort((a, b) => b.minor - a.minor)
    .map(({ name }) => p.join(root, name, windows ? "Scripts" : "bin"));
}

/**
 * The `plainheal` to run: the configured path if set (a folder holding it will do), else the
 * first one found, else null. A configured path that is not on this computer at all is
 * passed over: the settings travel with a synced vault (`.obsidian/plugins/…/data.json`), and
 * a path set on one computer (`C:\\Users\\…` or `/home/…`) is rarely right on another.
 */
export async function findPlainheal(
  configured: string,
  venv: string,
  machine: Machine,
): Promise<string | null> {
  const windows = machine.platform === "win32";
  const p = windows ? path.win32 : path.posix;
  const chosen = typedPath(configured, machine);
  if (chosen) {
    if (await isFolder(chosen)) {
      // A folder: the program in it, or in its bin/Scripts (a venv named here).
      const exe = windows ? "plainheal.exe" : "plainheal";
      for (const file of [p.join(chosen, exe), p.join(chosen, windows ? "Scripts" : "bin", exe)]) {
        if (await isProgram(file, windows)) return file;
      }
      return chosen;
    }
    // A bare name is looked up on PATH when run; a path is used if anything is there.
    if (!/[\\/]/.test(chosen) || (await exists(chosen))) return chosen;
  }
  for (const file of candidates(machine, venv, await pythonUserFolders(machine))) {
    if (await isProgram(file, windows)) return file;
  }
  return null;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

async function isFolder(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isDirectory();
  } catch {
    return false;
  }
}

/** This computer, as the search sees it. */
export function thisMachine(): Machine {
  return { platform: process.platform, home: homedir(), env: process.env };
}
