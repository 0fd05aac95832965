// Where an installed `plainheal` command may be. Obsidian started from a desktop launcher
// often has a shorter PATH than a terminal, so the usual install folders are tried too.
import { constants } from "fs";
import { access, stat } from "fs/promises";
import { homedir } from "os";
import * as path from "path";

/** What the search needs to know about this computer (passed in, so tests can vary it). */
export interface Machine {
  platform: NodeJS.Platform;
  home: string;
  env: Record<string, string | undefined>;
}

/** Every place tried, in order: the venv the person named, PATH, then install folders. */
export function candidates(machine: Machine, venv: string): string[] {
  const windows = machine.platform === "win32";
  const p = windows ? path.win32 : path.posix;
  const exe = windows ? "plainheal.exe" : "plainheal";
  const bin = windows ? "Scripts" : "bin";
  const { env, home } = machine;
  const folders: string[] = [];
  if (venv.trim()) folders.push(p.join(venv.trim(), bin));
  const pathVar = env.PATH ?? env.Path ?? "";
  folders.push(...pathVar.split(windows ? ";" : ":").filter((folder) => folder !== ""));
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

/** The `plainheal` to run: the configured path if set, else the first one found, else null. */
export async function findPlainheal(
  configured: string,
  venv: string,
  machine: Machine,
): Promise<string | null> {
  const windows = machine.platform === "win32";
  if (configured.trim()) return configured.trim();
  for (const file of candidates(machine, venv)) {
    if (await isProgram(file, windows)) return file;
  }
  return null;
}

/** This computer, as the search sees it. */
export function thisMachine(): Machine {
  return { platform: process.platform, home: homedir(), env: process.env };
}
