// plainheal for Obsidian: keeps the pattern summaries current by running the installed
// `plainheal` command. It never analyses anything itself, writes no file itself, and sends
// nothing anywhere.
import { join } from "path";
import { FileSystemAdapter, Notice, Plugin, TAbstractFile, TFile, TFolder } from "obsidian";
import { findPlainheal, thisMachine } from "./locate";
import { CheckModal, ExportChoice, ExportModal, MessageModal } from "./modals";
import { failureMessage, RunError, RunOutput, runPlainheal } from "./run";
import { OneAtATime, realTimers, UpdateScheduler } from "./schedule";
import {
  DEFAULT_SETTINGS,
  folderInVault,
  INSTALL_HELP,
  INSTALL_HELP_HERE,
  PlainhealSettingTab,
  readSettings,
  Settings,
} from "./settings";
import {
  affectsSummaries,
  isReport,
  readCheck,
  readSummary,
  Status,
  statusText,
  SummaryResult,
  writtenReport,
} from "./summary";

const SUMMARIZE_SECONDS = 300;
const QUICK_SECONDS = 60;
const ATTENTION_HEADING = "Needs your attention";

/** Obsidian's settings window: not in the public API, so used only if present. */
interface AppWithSettingsWindow {
  setting?: { open(): void; openTabById(id: string): unknown };
}

/** Electron's shell, to show an exported report in the file manager. */
interface Electron {
  shell: { showItemInFolder(path: string): void };
}

export default class PlainhealPlugin extends Plugin {
  override settings: Settings = { ...DEFAULT_SETTINGS };
  /** The plainheal program last found (shown in the settings). */
  foundProgram: string | null = null;
  status: Status = { kind: "waiting", autoUpdate: true };
  /** The last summarize result, for the status line's click. */
  lastSummary: SummaryResult | null = null;

  private statusEl!: HTMLElement;
  private readonly oneAtATime = new OneAtATime();
  private scheduler!: UpdateScheduler;
  private outputFolder = "Patterns";
  private lastFailure: string | null = null;
  /** Set by "Update patterns now": the next failure is told even if it was told before. */
  private announceFailure = false;
  /** Paths whose changes asked for an update while one was running (null: none running). */
  private seenWhileRunning: string[] | null = null;
  /** Aborted on unload: the run under way is stopped, none starts, nothing more is shown. */
  private readonly unloading = new AbortController();

  override async onload(): Promise<void> {
    // A data.json that is not JSON (a sync conflict, a half-written file) is read as no
    // settings: the defaults, rather than a plugin that does not load at all.
    this.settings = readSettings(await this.loadData().catch(() => null));
    this.statusEl = this.addStatusBarItem();
    this.registerDomEvent(this.statusEl, "click", () => this.statusClicked());
    this.scheduler = new UpdateScheduler(() => this.summarize(), realTimers, this.settings.debounceSeconds * 1000);
    this.register(() => {
      this.scheduler.stop();
      this.unloading.abort();
    });
    this.show({ kind: "waiting", autoUpdate: this.settings.autoUpdate });

    this.addCommand({ id: "update-patterns", name: "Update patterns now", callback: () => this.updateNow() });
    this.addCommand({ id: "open-overview", name: "Open patterns overview", callback: () => this.openOverview() });
    this.addCommand({ id: "check-journal", name: "Check journal", callback: () => this.checkJournal() });
    this.addCommand({
      id: "export-report",
      name: "Export a report for my therapist…",
      callback: () => new ExportModal(this.app, this.reportsFolder(), (choice) => void this.exportReport(choice)).open(),
    });
    this.addCommand({ id: "new-entry", name: "New entry for today", callback: () => this.newEntry() });
    this.addSettingTab(new PlainhealSettingTab(this.app, this));

    // Registered once the vault is loaded: Obsidian reports every file as created while loading.
    this.app.workspace.onLayoutReady(() => {
      if (this.unloaded) return; // turned off while Obsidian was still starting
      const changed = (file: TAbstractFile, path = file.path) => this.fileChanged(path, file instanceof TFolder);
      this.registerEvent(this.app.vault.on("create", (file) => changed(file)));
      this.registerEvent(this.app.vault.on("modify", (file) => changed(file)));
      this.registerEvent(this.app.vault.on("delete", (file) => changed(file)));
      this.registerEvent(
        this.app.vault.on("rename", (file, oldPath) => {
          changed(file);
          changed(file, oldPath);
        }),
      );
      if (this.settings.autoUpdate) void this.scheduler.now();
    });
  }

  async saveSettings(): Promise<void> {
    this.scheduler.debounceMs = this.settings.debounceSeconds * 1000;
    this.foundProgram = null;
    await this.saveData(this.settings);
    if (this.status.kind === "waiting") this.show({ kind: "waiting", autoUpdate: this.settings.autoUpdate });
  }

  /**
   * Automatic updates turned on: what changed while they were off is summarized after the
   * quiet time. Turned off: an update still waiting for its quiet time does not come.
   */
  autoUpdateChanged(): void {
    if (this.settings.autoUpdate) this.scheduler.changed();
    else this.scheduler.cancel();
  }

  /** A vault file or folder changed: update soon if it can matter to the summaries. */
  fileChanged(path: string, folder = false): void {
    if (!this.settings.autoUpdate) return;
    if (isReport(path, this.reportsFolder())) return;
    const ignored = [this.outputFolder, this.settings.templatesFolder];
    if (affectsSummaries(path, ignored, folder)) {
      this.seenWhileRunning?.push(path);
      this.scheduler.changed();
    }
  }

  private get unloaded(): boolean {
    return this.unloading.signal.aborted;
  }

  private show(status: Status): void {
    if (this.unloaded) return;
    this.status = status;
    this.statusEl.setText(statusText(status));
  }

  private statusClicked(): void {
    const status = this.status;
    if (status.kind === "not-found") this.openSettings();
    else if (status.kind === "failed") new MessageModal(this.app, "Your patterns were not updated", status.message).open();
    else if (status.kind === "done") this.openOverview(status.attention > 0 ? ATTENTION_HEADING : undefined);
    else if (status.kind === "waiting") void this.updateNow();
  }

  private openSettings(): void {
    const window = (this.app as unknown as AppWithSettingsWindow).setting;
    if (window) {
      window.open();
      window.openTabById(this.manifest.id);
    } else {
      new MessageModal(this.app, "plainheal not found", INSTALL_HELP).open();
    }
  }

  /** The vault's folder on disk; null where there is none (Obsidian on a phone). */
  private vaultPath(): string | null {
    const adapter = this.app.vault.adapter;
    return adapter instanceof FileSystemAdapter ? adapter.getBasePath() : null;
  }

  /** The plainheal program to run, found once and remembered until the settings change. */
  async program(): Promise<string | null> {
    if (!this.foundProgram) {
      this.foundProgram = await findPlainheal(this.settings.program, this.settings.venv, thisMachine());
    }
    return this.foundProgram;
  }

  /** Run plainheal on this vault, after any run under way has finished. */
  private run(args: string[], seconds: number): Promise<RunOutput> {
    return this.oneAtATime.run(async () => {
      const vault = this.vaultPath();
      if (vault === null) throw new RunError("failed", "This vault is not a folder on this computer.");
      const program = await this.program();
      if (program === null) throw new RunError("not-found", "plainheal not found");
      try {
        return await runPlainheal(program, [args[0], vault, ...args.slice(1)], {
          timeoutMs: seconds * 1000,
          signal: this.unloading.signal,
        });
      } catch (error) {
        if (error instanceof RunError && error.kind === "not-found") this.foundProgram = null;
        throw error;
      }
    });
  }

  /** One `summarize --json` run, shown in the status line. Never throws. */
  private async summarize(): Promise<void> {
    this.show({ kind: "updating" });
    const announce = this.announceFailure;
    this.announceFailure = false;
    this.seenWhileRunning = [];
    try {
      const output = await this.run(["summarize", "--json"], SUMMARIZE_SECONDS);
      if (output.code !== 0) throw new RunError("failed", failureMessage(output));
      const summary = readSummary(output.stdout);
      this.lastSummary = summary;
      this.lastFailure = null;
      if (summary.outputFolder) {
        this.outputFolder = summary.outputFolder;
        this.dropUpdateForOwnOutput(summary.outputFolder);
      }
      this.show({ kind: "done", asOf: summary.asOf, attention: summary.attention });
    } catch (error) {
      if (this.unloaded) return;
      const message = plainMessage(error);
      if (error instanceof RunError && error.kind === "not-found") this.show({ kind: "not-found" });
      else this.show({ kind: "failed", message });
      // Automatic updates tell a failure once, not on every keystroke's update.
      if (message !== this.lastFailure || announce) new Notice(noticeText(message));
      this.lastFailure = message;
      this.lastSummary = null;
    } finally {
      this.seenWhileRunning = null;
    }
  }

  /**
   * The summaries folder is learned from the first run's output: until then (a
   * `plainheal.toml` naming another folder), that run's own writes look like changes. If
   * nothing else changed while it ran, the update they asked for is not needed.
   */
  private dropUpdateForOwnOutput(folder: string): void {
    const seen = this.seenWhileRunning ?? [];
    const own = (path: string) => path === folder || path.startsWith(`${folder}/`);
    if (seen.length > 0 && seen.every(own) && !this.announceFailure) this.scheduler.forget();
  }

  async updateNow(): Promise<void> {
    this.announceFailure = true;
    await this.scheduler.now();
    const summary = this.lastSummary;
    if (summary && !this.unloaded) {
      const skipped = summary.skipped ? `; ${summary.skipped} left alone (see the Overview)` : "";
      new Notice(`Patterns up to date: ${summary.changed} ${summary.changed === 1 ? "file" : "files"} changed${skipped}.`);
    }
  }

  /** Open a vault file that exists (never creating one), optionally at a heading. */
  openPath(path: string, heading?: string): boolean {
    if (!this.app.vault.getFileByPath(path)) return false;
    void this.app.workspace.openLinkText(heading ? `${path}#${heading}` : path, "", false);
    return true;
  }

  openOverview(heading?: string): void {
    if (!this.openPath(`${this.outputFolder}/Overview.md`, heading)) {
      new Notice("There is no patterns overview yet: run “Update patterns now” first.");
    }
  }

  async checkJournal(): Promise<void> {
    try {
      const output = await this.run(["check", "--json"], QUICK_SECONDS);
      // Exit 1 means "some file could not be read": the report is still printed. With
      // nothing printed, the vault itself was refused (a journal folder gone, say): say why.
      if (output.code > 1 || output.stdout.trim() === "") {
        throw new RunError("failed", failureMessage(output));
      }
      const { entries, findings } = readCheck(output.stdout);
      new CheckModal(this.app, entries, findings, (path) => this.openPath(path)).open();
    } catch (error) {
      this.failed(error);
    }
  }

  /** Where reports go: the folder of the settings, never outside the vault. */
  private reportsFolder(): string {
    return folderInVault(this.settings.reportsFolder) ?? DEFAULT_SETTINGS.reportsFolder;
  }

  async exportReport(choice: ExportChoice): Promise<void> {
    const vault = this.vaultPath();
    const folder = this.reportsFolder();
    const name = `plainheal report ${choice.since || "start"} to ${choice.until || "latest"}.${choice.format}`;
    const relative = `${folder}/${name}`;
    const args = ["export", "--format", choice.format, "-o", vault === null ? relative : `${vault}/${relative}`];
    if (choice.since) args.push("--since", choice.since);
    if (choice.until) args.push("--until", choice.until);
    try {
      const output = await this.run(args, SUMMARIZE_SECONDS);
      if (output.code !== 0) throw new RunError("failed", failureMessage(output));
      const report = writtenReport(output.stderr, relative);
      const written = report.path;
      new Notice(
        report.beside
          ? `Report saved: ${written} (the report you changed is kept as it is)`
          : `Report saved: ${written}`,
      );
      if (choice.format === "md") {
        await this.whenInVault(written);
        if (!this.unloaded) this.openPath(written);
      } else if (vault !== null) {
        // The system's own separators: Explorer does not take a path with / in it.
        electron()?.shell.showItemInFolder(join(vault, ...written.split("/")));
      }
    } catch (error) {
      this.failed(error);
    }
  }

  async newEntry(): Promise<void> {
    try {
      const output = await this.run(["new"], QUICK_SECONDS);
      let path = output.stdout.trim().replace(/\\/g, "/");
      if (output.code !== 0) {
        // Today's entry already exists: open it instead.
        const message = failureMessage(output);
        const existing = /^(.+\.md) already exists/.exec(message);
        if (!existing) throw new RunError("failed", message);
        path = existing[1];
      }
      await this.whenInVault(path);
      if (this.unloaded) return;
      // Said the same whether plainheal made it now or it was there already.
      if (!this.openPath(path)) new Notice(`Today's entry is ${path}; Obsidian has not shown it yet.`);
    } catch (error) {
      this.failed(error);
    }
  }

  /** Wait (a few seconds at most) until Obsidian has noticed a file plainheal just wrote. */
  private whenInVault(path: string): Promise<void> {
    if (this.app.vault.getFileByPath(path)) return Promise.resolve();
    return new Promise((resolve) => {
      const ref = this.app.vault.on("create", (file) => {
        if (file instanceof TFile && file.path === path) finish();
      });
      const timer = setTimeout(() => finish(), 5000);
      const finish = () => {
        clearTimeout(timer);
        this.app.vault.offref(ref);
        resolve();
      };
    });
  }

  private failed(error: unknown): void {
    if (this.unloaded) return;
    const message = plainMessage(error);
    if (error instanceof RunError && error.kind === "not-found") {
      this.show({ kind: "not-found" });
      new MessageModal(this.app, "plainheal not found", INSTALL_HELP).open();
    } else {
      new Notice(noticeText(message));
    }
  }

  /** The Test button: `plainheal --version`, in words. */
  async testProgram(): Promise<string> {
    this.foundProgram = null;
    const program = await this.program();
    if (program === null) return `Not found. ${INSTALL_HELP_HERE}`;
    try {
      const limits = { timeoutMs: QUICK_SECONDS * 1000, signal: this.unloading.signal };
      const output = await this.oneAtATime.run(() => runPlainheal(program, ["--version"], limits));
      if (output.code !== 0) return `${program} did not work: ${failureMessage(output)}`;
      const version = output.stdout.trim();
      // click prints "plainheal, version 0.1.0"; any other program's answer is not shown.
      if (!/^plainheal\b/.test(version)) {
        return (
          `${program} started, but it is not plainheal (its --version does not name plainheal). ` +
          "Enter the path of plainheal itself, or leave the field empty to find it automatically."
        );
      }
      // Found at last (installed, or its path set): the status line should not go on saying
      // otherwise until the next edit.
      if (this.settings.autoUpdate && (this.status.kind === "not-found" || this.status.kind === "failed")) {
        void this.scheduler.now();
      }
      return `Works: ${version.split(/\r?\n/)[0]} (${program})`;
    } catch (error) {
      this.foundProgram = null;
      return plainMessage(error);
    }
  }
}

/** A failure as a Notice: named as plainheal's, without saying "plainheal: plainheal …". */
function noticeText(message: string): string {
  return message.startsWith("plainheal ") ? message : `plainheal: ${message}`;
}

/**
 * A failure in words: a RunError's own sentence (written for the person); anything else is
 * a fault of this plugin, and its JavaScript message is no sentence for them.
 */
function plainMessage(error: unknown): string {
  if (error instanceof RunError) return error.message;
  return "something went wrong inside this plugin";
}

function electron(): Electron | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("electron") as Electron;
  } catch {
    return null;
  }
}
