// What the plugin reads from `plainheal summarize --json` and `plainheal check --json`, and
// the status line it shows. Only these few fields are used; plainheal computes them all.
import { RunError } from "./run";

/** The part of a summarize run the status line and commands need. */
export interface SummaryResult {
  asOf: string | null;
  attention: number;
  outputFolder: string | null;
  changed: number;
  skipped: number;
}

/** One problem or sync-conflict copy from `plainheal check --json`, as the modal lists it. */
export interface Finding {
  path: string;
  line: number | null;
  text: string;
}

/** The output was not the JSON this plugin reads (a RunError, so it is told as it is). */
class UnexpectedOutput extends RunError {
  constructor(command: string) {
    super(
      "failed",
      `plainheal ${command} printed something this plugin does not understand; plainheal may be older or newer than this plugin`,
    );
  }
}

function parse(stdout: string, command: string): Record<string, unknown> {
  try {
    const document: unknown = JSON.parse(stdout);
    if (document && typeof document === "object" && !Array.isArray(document)) {
      return document as Record<string, unknown>;
    }
  } catch {
    // reported below
  }
  throw new UnexpectedOutput(command);
}

/** The list under `key` (missing: empty), each item an object, else UnexpectedOutput. */
function list(document: Record<string, unknown>, key: string, command: string): Record<string, unknown>[] {
  const value = document[key] ?? [];
  if (!Array.isArray(value)) throw new UnexpectedOutput(command);
  for (const item of value) {
    if (item === null || typeof item !== "object" || Array.isArray(item)) throw new UnexpectedOutput(command);
  }
  return value as Record<string, unknown>[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The folder every generated file sits in (plainheal's output folder), if any were listed. */
export function commonFolder(paths: string[]): string | null {
  if (paths.length === 0) return null;
  let common = paths[0].split("/").slice(0, -1);
  for (const path of paths.slice(1)) {
    const parts = path.split("/").slice(0, -1);
    let n = 0;
    while (n < common.length && n < parts.length && common[n] === parts[n]) n++;
    common = common.slice(0, n);
  }
  return common.length > 0 ? common.join("/") : null;
}

/** The status-line facts from `summarize --json`. */
export function readSummary(stdout: string): SummaryResult {
  const document = parse(stdout, "summarize");
  const files = list(document, "files", "summarize");
  const asOf = document.as_of;
  const statuses = files.map((file) => String(file.status));
  const paths = files.map((file) => file.path).filter((path): path is string => typeof path === "string");
  return {
    asOf: typeof asOf === "string" && DAY.test(asOf) ? asOf : null,
    attention: list(document, "problems", "summarize").length + list(document, "conflicts", "summarize").length,
    outputFolder: commonFolder(paths),
    changed: statuses.filter((status) => status === "created" || status === "updated").length,
    skipped: statuses.filter((status) => status === "skipped").length,
  };
}

/** Problems and sync-conflict copies from `check --json`, and how many entries were read. */
export function readCheck(stdout: string): { entries: number; findings: Finding[] } {
  const document = parse(stdout, "check");
  const findings: Finding[] = [];
  for (const problem of list(document, "problems", "check")) {
    // plainheal's message as it is (as the Overview shows it): it already says what happened
    // to the file, which a label of our own would repeat ("could not be read: could not be
    // read: …") or get wrong (a date out of range in a name that was otherwise read).
    findings.push({
      path: String(problem.path ?? ""),
      line: typeof problem.line === "number" ? problem.line : null,
      text: String(problem.message ?? problem.code ?? ""),
    });
  }
  for (const conflict of list(document, "conflicts", "check")) {
    findings.push({
      path: String(conflict.path),
      line: null,
      text: `A sync-conflict copy of ${String(conflict.original)}: it is not counted. Merge what you need into the original, then delete the copy.`,
    });
  }
  return { entries: list(document, "entries", "check").length, findings };
}

/** What the status line is showing. */
export type Status =
  | { kind: "waiting"; autoUpdate: boolean }
  | { kind: "updating" }
  | { kind: "done"; asOf: string | null; attention: number }
  | { kind: "not-found" }
  | { kind: "failed"; message: string };

/** The status line's words. */
export function statusText(status: Status): string {
  switch (status.kind) {
    case "waiting":
      return status.autoUpdate ? "Patterns: waiting for changes" : "Patterns: automatic updates off";
    case "updating":
      return "Updating…";
    case "not-found":
      return "plainheal not found";
    case "failed":
      return "Patterns not updated · click for why";
    case "done":
      if (status.attention === 1) return "1 thing needs your attention";
      if (status.attention > 1) return `${status.attention} things need your attention`;
      return status.asOf ? `Patterns up to date · as of ${status.asOf}` : "Patterns up to date · no dated entries yet";
  }
}

/**
 * Whether a change to this vault path can change the summaries. A folder counts: renaming
 * or deleting one moves or removes every entry in it.
 */
export function affectsSummaries(path: string, ignoredFolders: string[], folder = false): boolean {
  if (path.split("/").some((part) => part.startsWith("."))) return false; // .obsidian, .trash, hidden
  if (path === "plainheal.toml") return true;
  if (!folder && !path.toLowerCase().endsWith(".md")) return false;
  return !ignoredFolders.some((folder) => {
    const clean = folder.replace(/^\/+|\/+$/g, "");
    return clean !== "" && (path === clean || path.startsWith(`${clean}/`));
  });
}

/**
 * Whether a vault path is a report this plugin had plainheal write (their names begin
 * "plainheal report "). Only those are passed over in the reports folder: a person may keep
 * entries there too (notes from each session beside the reports).
 */
export function isReport(path: string, reportsFolder: string): boolean {
  return path.startsWith(`${reportsFolder}/plainheal report `);
}

/**
 * The vault-relative path of the report `plainheal export` wrote, from its `created`/
 * `updated`/`unchanged` line, and whether it went beside the one asked for. A report the
 * person changed stays as it is and the new one goes beside it (`… (2).md`): this is how the
 * plugin learns the name. Only the file name is read from the line: plainheal prints the
 * path with characters such as a no-break space escaped (`\\xa0`), so the vault's folder as
 * printed may not match the vault's folder as it is; the report is always in the asked folder.
 */
export function writtenReport(stderr: string, asked: string): { path: string; beside: boolean } {
  const slash = asked.lastIndexOf("/");
  const folder = slash >= 0 ? asked.slice(0, slash + 1) : "";
  const askedName = asked.slice(folder.length);
  for (const line of stderr.split(/\r?\n/)) {
    const match = /^\s*(?:created|updated|unchanged) {2}(.+)$/.exec(line);
    if (!match) continue;
    const name = match[1].split(/[\\/]/).pop() ?? "";
    if (name === "") break;
    return { path: `${folder}${name}`, beside: name !== askedName };
  }
  return { path: asked, beside: false };
}
