// End to end: the BUILT main.js, loaded as Obsidian would load it (with the fake `obsidian`
// module in its place), on a copy of examples/vault, running the real plainheal.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import Module from "node:module";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, test } from "node:test";
import { shell } from "./fake/electron";
import { running } from "./process";
import { App, FileSystemAdapter, Modal, Notice, Plugin, settingsIn, TextComponent, Vault } from "./fake/obsidian";
import type { ButtonComponent, DropdownComponent, ToggleComponent } from "./fake/obsidian";

const here = __dirname; // build-test/
const pluginFolder = path.resolve(here, "..");
const repository = path.resolve(pluginFolder, "..");
const builtPlugin = path.join(pluginFolder, "main.js");
const manifest = JSON.parse(readFileSync(path.join(pluginFolder, "manifest.json"), "utf8"));

// The real plainheal: CI installs it into .venv before the Node steps. Never skipped.
const plainheal = process.env.PLAINHEAL_BIN ?? path.join(repository, ".venv", "bin", "plainheal");
if (!existsSync(plainheal)) {
  throw new Error(`plainheal is not installed at ${plainheal}: set PLAINHEAL_BIN to its path`);
}
if (!existsSync(builtPlugin)) throw new Error("main.js is missing: run `npm run build` before `npm test`");

// `require("obsidian")` and `require("electron")` inside main.js get the fakes the tests hold.
const resolving = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolveFilename = resolving._resolveFilename;
resolving._resolveFilename = function (request: string, ...rest: unknown[]) {
  if (request === "obsidian") return path.join(here, "fake-obsidian.cjs");
  if (request === "electron") return path.join(here, "fake-electron.cjs");
  return resolveFilename.call(this, request, ...rest);
};

const scratch = mkdtempSync(path.join(tmpdir(), "plainheal-e2e-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A fresh copy of examples/vault (without summaries a local run may have left). */
function copyOfExampleVault(name: string): string {
  const vault = path.join(scratch, name);
  const source = path.join(repository, "examples", "vault");
  cpSync(source, vault, { recursive: true, filter: (file) => !file.startsWith(path.join(source, "Patterns")) });
  return vault;
}

/** A stand-in `plainheal` that logs each run's start and end around the real one. */
function loggingPlainheal(name: string): { program: string; runs: () => string[] } {
  const log = path.join(scratch, `${name}.log`);
  writeFileSync(log, "");
  const program = path.join(scratch, `${name}-plainheal`);
  writeFileSync(
    program,
    `#!/bin/sh\necho "start $1" >> '${log}'\n'${plainheal}' "$@"\nrc=$?\necho "end $1" >> '${log}'\nexit $rc\n`,
  );
  chmodSync(program, 0o755);
  return { program, runs: () => readFileSync(log, "utf8").split("\n").filter((line) => line !== "") };
}

function fakeProgram(name: string, body: string): string {
  const program = path.join(scratch, name);
  writeFileSync(program, `#!/bin/sh\n${body}\n`);
  chmodSync(program, 0o755);
  return program;
}

type Loaded = Plugin & {
  exportReport(choice: unknown): Promise<void>;
};

async function loadPlugin(vault: string, settings: Record<string, unknown>, ready = true) {
  const app = new App(new Vault(new FileSystemAdapter(vault)));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const PlainhealPlugin = require(builtPlugin).default as new (app: App, manifest: unknown) => Loaded;
  const plugin = new PlainhealPlugin(app, manifest);
  plugin.data = settings;
  await plugin.onload();
  if (ready) app.workspace.layoutReady();
  const status = () => plugin.statusBar[0].text;
  return { app, plugin, status };
}

/** Wait for a condition, checking often, up to a deadline. */
async function waitFor(what: string, condition: () => boolean, seconds = 60): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A bounded quiet time, to show that something did NOT happen. */
function quiet(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What the real plainheal says about the vault now, without writing. */
function analysis(vault: string): { as_of: string; problems: unknown[]; conflicts: { path: string }[] } {
  return JSON.parse(execFileSync(plainheal, ["summarize", vault, "--dry-run", "--json"], { encoding: "utf8" }));
}

const summarizeRuns = (runs: string[]) => runs.filter((line) => line === "end summarize").length;

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

function assertNeverOverlapping(runs: string[]): void {
  runs.forEach((line, index) => assert.match(line, index % 2 === 0 ? /^start / : /^end /, runs.join("\n")));
}

const debounceSeconds = 0.3;

test("keeps the patterns current: a run on load, then one run per burst of changes", async () => {
  const vault = copyOfExampleVault("current");
  const { program, runs } = loggingPlainheal("current");
  const { app, plugin, status } = await loadPlugin(vault, { program, debounceSeconds });

  await waitFor("the first update", () => summarizeRuns(runs()) >= 1 && status() !== "Updating…");
  assert.equal(summarizeRuns(runs()), 1, "one run on load");
  const overview = path.join(vault, "Patterns", "Overview.md");
  assert.ok(existsSync(overview), "the real plainheal wrote Patterns/Overview.md");
  const before = analysis(vault);
  const attention = before.problems.length + before.conflicts.length;
  assert.equal(attention, 1, "the example vault holds one sync-conflict copy");
  assert.equal(status(), "1 thing needs your attention");

  // Clicking it opens the Overview at that section.
  plugin.statusBar[0].click();
  assert.equal(app.workspace.opened.at(-1), "Patterns/Overview.md#Needs your attention");

  // A new entry, then a burst of events as an editor and a sync client would make them.
  const day = nextDay(before.as_of);
  const entry = `Journal/${day}.md`;
  writeFileSync(path.join(vault, entry), `---\ndate: ${day}\nsafety: 4\ntransparency: proactive\n---\n`);
  app.vault.trigger("create", entry);
  for (let i = 0; i < 20; i++) {
    appendFileSync(path.join(vault, entry), "More words.\n");
    app.vault.trigger("modify", entry);
  }
  await waitFor("the update after the burst", () => summarizeRuns(runs()) >= 2 && status() !== "Updating…");
  await quiet(debounceSeconds * 3 * 1000);
  assert.equal(summarizeRuns(runs()), 2, "twenty-one events, one run");
  assert.match(readFileSync(overview, "utf8"), new RegExp(day), "the Overview is as of the new entry");

  // Merging the conflict copy away leaves nothing to attend to.
  const copy = before.conflicts[0].path;
  rmSync(path.join(vault, copy));
  app.vault.trigger("delete", copy);
  await waitFor("the update after the delete", () => summarizeRuns(runs()) >= 3 && status() !== "Updating…");
  assert.equal(summarizeRuns(runs()), 3, "one event, one run");
  assert.equal(status(), `Patterns up to date · as of ${day}`);
  plugin.statusBar[0].click();
  assert.equal(app.workspace.opened.at(-1), "Patterns/Overview.md");

  // Its own output, settings, templates, reports and other files never start a run.
  for (const file of ["Patterns/Overview.md", ".obsidian/workspace.json", "Templates/Journal entry.md", "Reports/plainheal report start to latest.md", "Journal/photo.png"]) {
    app.vault.trigger("modify", file);
  }
  app.vault.trigger("rename", "Patterns/Weeks/x.md", "Patterns/Weeks/y.md");
  await quiet(debounceSeconds * 3 * 1000);
  assert.equal(summarizeRuns(runs()), 3, "no run for files that cannot change the summaries");

  // "Update patterns now", asked four times at once: one run, plus one queued; never two at once.
  await Promise.all([1, 2, 3, 4].map(() => plugin.runCommand("update-patterns")));
  assert.equal(summarizeRuns(runs()), 5);
  assertNeverOverlapping(runs());
  assert.match(Notice.shown.at(-1) ?? "", /^Patterns up to date: 0 files changed\.$/);

  // "Open patterns overview".
  await plugin.runCommand("open-overview");
  assert.equal(app.workspace.opened.at(-1), "Patterns/Overview.md");

  plugin.unload();
  assert.equal(app.vault.listenerCount, 0, "unloading removes every listener");
});

test("Check journal lists each problem with a link that opens its file", async () => {
  const vault = copyOfExampleVault("check");
  const { program, runs } = loggingPlainheal("check");
  const { app, plugin } = await loadPlugin(vault, { program, autoUpdate: false });
  writeFileSync(path.join(vault, "Journal", "2026-11-03 broken.md"), "---\ndate: 2026-11-03\nsafety: [\n---\nWords.\n");

  await plugin.runCommand("check-journal");
  const checked = spawnSync(plainheal, ["check", vault, "--json"], { encoding: "utf8" });
  assert.equal(checked.status, 1, "the broken entry is an error");
  const expected = JSON.parse(checked.stdout);
  const modal = Modal.opened.at(-1)!;
  assert.equal(modal.title, "Check journal");
  const links = modal.contentEl.find("a");
  assert.equal(links.length, expected.problems.length + expected.conflicts.length);
  assert.ok(links.length >= 2, "the broken entry and the conflict copy");
  const broken = links.find((link) => link.text.startsWith("Journal/2026-11-03 broken.md"));
  assert.ok(broken, modal.contentEl.allText);
  assert.match(modal.contentEl.allText, /line 4\s+— the frontmatter could not be read: check the quotes/);
  assert.doesNotMatch(modal.contentEl.allText, /could not be read: the frontmatter could not be read/i);
  assert.doesNotMatch(modal.contentEl.allText, /Words\./, "never repeats what the person wrote");
  broken.click();
  assert.equal(modal.isOpen, false);
  assert.equal(app.workspace.opened.at(-1), "Journal/2026-11-03 broken.md");
  assert.deepEqual(runs(), ["start check", "end check"], "automatic updates off: only the check ran");
  plugin.unload();
});

test("Export a report: the form, then plainheal export into Reports/, then the file shown", async () => {
  const vault = copyOfExampleVault("export");
  const { program } = loggingPlainheal("export");
  const { app, plugin } = await loadPlugin(vault, { program, autoUpdate: false });

  await plugin.runCommand("export-report");
  const form = Modal.opened.at(-1)!;
  const [from, , format, buttons] = settingsIn(form.contentEl);
  const exportButton = buttons.components[0] as ButtonComponent;
  await (from.components[0] as TextComponent).change("1 Nov");
  await exportButton.click();
  assert.equal(form.isOpen, true, "a date it cannot read keeps the form open");
  assert.match(form.contentEl.allText, /write the date as YYYY-MM-DD/);

  await (from.components[0] as TextComponent).change("2026-10-01");
  await (format.components[0] as DropdownComponent).change("html");
  await exportButton.click();
  const html = path.join(vault, "Reports", "plainheal report 2026-10-01 to latest.html");
  await waitFor("the HTML report", () => shell.shown.includes(html));
  assert.match(readFileSync(html, "utf8"), /<html/i);

  // Markdown opens in Obsidian instead.
  await plugin.exportReport({ since: "", until: "2026-11-01", format: "md" });
  const markdown = "Reports/plainheal report start to 2026-11-01.md";
  assert.match(readFileSync(path.join(vault, markdown), "utf8"), /^---\nplainheal: export\n/);
  assert.equal(app.workspace.opened.at(-1), markdown);

  // The person writes notes into it; the same export again keeps them and goes beside it.
  writeFileSync(path.join(vault, markdown), `${readFileSync(path.join(vault, markdown), "utf8")}My notes\n`);
  await plugin.exportReport({ since: "", until: "2026-11-01", format: "md" });
  const beside = "Reports/plainheal report start to 2026-11-01 (2).md";
  assert.match(readFileSync(path.join(vault, markdown), "utf8"), /My notes\n$/);
  assert.match(readFileSync(path.join(vault, beside), "utf8"), /^---\nplainheal: export\n/);
  assert.equal(app.workspace.opened.at(-1), beside);
  assert.match(Notice.shown.at(-1) ?? "", /the report you changed is kept as it is/);

  // plainheal refusing (a period with no entries) is a plain notice.
  await plugin.exportReport({ since: "2030-01-01", until: "", format: "md" });
  const notice = Notice.shown.at(-1) ?? "";
  assert.match(notice, /^plainheal: /);
  assert.doesNotMatch(notice, /Traceback|Usage:/);
  plugin.unload();
});

test("New entry for today: plainheal new creates it and it opens; asked again, it opens the same", async () => {
  const vault = copyOfExampleVault("new");
  const { program } = loggingPlainheal("new");
  const { app, plugin } = await loadPlugin(vault, { program, autoUpdate: false });
  await plugin.runCommand("new-entry");
  const opened = app.workspace.opened.at(-1) ?? "";
  assert.match(opened, /\.md$/);
  assert.ok(existsSync(path.join(vault, opened)), "plainheal created the file it opened");
  const written = readFileSync(path.join(vault, opened), "utf8");
  const shown = Notice.shown.length;
  await plugin.runCommand("new-entry");
  assert.equal(app.workspace.opened.at(-1), opened);
  assert.equal(Notice.shown.length, shown, "no error for an entry that already exists");
  assert.equal(readFileSync(path.join(vault, opened), "utf8"), written, "the existing entry is untouched");
  plugin.unload();
});

test("settings: the Test button runs plainheal --version", async () => {
  const vault = copyOfExampleVault("settings");
  const { plugin } = await loadPlugin(vault, { program: plainheal, autoUpdate: false });
  const tab = plugin.settingTabs[0];
  tab.display();
  const rows = settingsIn(tab.containerEl);
  await waitFor("the program found", () => rows[0].desc.startsWith("Using "));
  assert.equal(rows[0].desc, `Using ${plainheal}. Leave empty to find it automatically.`);
  const test = rows.find((row) => row.name === "Test")!;
  await (test.components[0] as ButtonComponent).click();
  const version = execFileSync(plainheal, ["--version"], { encoding: "utf8" }).trim();
  assert.equal(rows[0].desc, `Works: ${version} (${plainheal})`);
  // A quiet time that is not a number in range is said so, and not used.
  const wait = rows.find((row) => row.name === "Wait after a change (seconds)")!;
  await (wait.components[0] as TextComponent).change("1e9");
  assert.match(wait.desc, /This is not used: write a number of seconds from 0\.1 to 600\. 2 is used meanwhile\.$/);
  await (wait.components[0] as TextComponent).change("2,5");
  assert.doesNotMatch(wait.desc, /not used/);
  assert.equal((plugin.data as { debounceSeconds: number }).debounceSeconds, 2.5);
  // Turning automatic updates off is saved.
  const toggle = rows.find((row) => row.name === "Update automatically")!;
  await (toggle.components[0] as ToggleComponent).change(false);
  assert.equal((plugin.data as { autoUpdate: boolean }).autoUpdate, false);
  plugin.unload();
});

test("plainheal missing: the status says so, and a click opens the settings", async () => {
  const vault = copyOfExampleVault("missing");
  // A set path that is there but cannot run (one that is not there at all is searched past:
  // it may come from another computer, and this one may have plainheal elsewhere).
  const notAProgram = path.join(scratch, "not-a-program");
  writeFileSync(notAProgram, "");
  const { app, plugin, status } = await loadPlugin(vault, { program: notAProgram });
  await waitFor("the status", () => status() === "plainheal not found");
  assert.equal(Notice.shown.at(-1), `plainheal not found at ${notAProgram}`, "said once, without 'plainheal: plainheal'");
  assert.ok(!existsSync(path.join(vault, "Patterns")), "nothing was written");
  plugin.statusBar[0].click();
  assert.deepEqual(app.setting.openedTabs, ["plainheal"]);
  // Commands say it too, with how to install it.
  await plugin.runCommand("check-journal");
  const help = Modal.opened.at(-1)!.contentEl.allText;
  assert.match(help, /pipx install/);
  // Outside the settings, it says where the Test button is, not "here" or "below".
  assert.match(help, /Then press Test in this plugin's settings \(Settings → plainheal\)/);
  assert.doesNotMatch(help, /\bhere\b|\bbelow\b/);
  plugin.unload();
});

test("plainheal failing: its own message, shown plainly, never a stack trace", async () => {
  const vault = copyOfExampleVault("failing");
  writeFileSync(path.join(vault, "plainheal.toml"), 'journal = "Journal\n'); // not valid TOML
  const { program, runs } = loggingPlainheal("failing");
  const { app, plugin, status } = await loadPlugin(vault, { program, debounceSeconds });
  await waitFor("the failed update", () => status() === "Patterns not updated · click for why");
  assert.match(Notice.shown.at(-1) ?? "", /^plainheal: plainheal\.toml: is not valid TOML/);
  plugin.statusBar[0].click();
  const why = Modal.opened.at(-1)!;
  assert.match(why.contentEl.allText, /^plainheal\.toml: is not valid TOML/);
  // The same failure again on an automatic update is not told again; asked for, it is.
  const told = Notice.shown.length;
  app.vault.trigger("modify", "Journal/2026/11/2026-11-20.md");
  await waitFor("the second update", () => summarizeRuns(runs()) >= 2);
  await waitFor("its status", () => status() !== "Updating…");
  assert.equal(Notice.shown.length, told);
  await plugin.runCommand("update-patterns");
  assert.equal(Notice.shown.length, told + 1);
  assert.match(Notice.shown.at(-1) ?? "", /not valid TOML/);
  plugin.unload();

  const crashing = fakeProgram(
    "crashing-plainheal",
    'echo "Traceback (most recent call last):" >&2\necho \'  File "/x/cli.py", line 3, in main\' >&2\necho "MemoryError" >&2\nexit 1',
  );
  const second = await loadPlugin(copyOfExampleVault("crashing"), { program: crashing, debounceSeconds });
  await waitFor("the crashed update", () => second.status() === "Patterns not updated · click for why");
  second.plugin.statusBar[0].click();
  const text = Modal.opened.at(-1)!.contentEl.allText;
  assert.equal(text, "plainheal stopped unexpectedly (MemoryError); the details are not shown here, as they may quote your journal");
  second.plugin.unload();
});


test("unloaded during a run: the run is stopped, the queued one never starts, nothing more is shown", async () => {
  const vault = copyOfExampleVault("unload");
  const log = path.join(scratch, "unload.log");
  writeFileSync(log, "");
  // A plainheal that takes its time, and logs its process id at the start.
  const slow = fakeProgram("slow-plainheal", `echo $$ >> '${log}'\nsleep 30\necho '{}'`);
  const { app, plugin, status } = await loadPlugin(vault, { program: slow, debounceSeconds });
  const starts = () => readFileSync(log, "utf8").split("\n").filter((line) => line !== "");
  await waitFor("the run on load to start", () => starts().length === 1);
  void plugin.runCommand("update-patterns"); // queued behind it
  app.vault.trigger("modify", "Journal/2026/11/2026-11-20.md"); // and a debounced one
  const shownBefore = Notice.shown.length;
  const modalsBefore = Modal.opened.length;
  plugin.unload();
  const pid = Number(starts()[0]);
  await waitFor("the run to be stopped", () => !running(pid), 10);
  await quiet(debounceSeconds * 3 * 1000 + 500);
  assert.deepEqual(starts(), [String(pid)], "no run started after unloading");
  assert.equal(Notice.shown.length, shownBefore, "no notice after unloading");
  assert.equal(Modal.opened.length, modalsBefore, "no window after unloading");
  assert.equal(status(), "Updating…", "the status line (gone with the plugin) is left as it was");
});

test("unloaded while Obsidian is still starting: nothing is listened to and nothing runs", async () => {
  const vault = copyOfExampleVault("early-unload");
  const { program, runs } = loggingPlainheal("early-unload");
  const { app, plugin } = await loadPlugin(vault, { program, debounceSeconds }, false);
  plugin.unload();
  app.workspace.layoutReady();
  assert.equal(app.vault.listenerCount, 0);
  app.vault.trigger("modify", "Journal/2026/11/2026-11-20.md");
  await quiet(debounceSeconds * 3 * 1000);
  assert.deepEqual(runs(), []);
});

test("a reports folder that leads out of the vault is not used: the report stays inside", async () => {
  const vault = copyOfExampleVault("escape");
  const outside = path.join(scratch, "outside-the-vault");
  mkdirSync(outside);
  const { program } = loggingPlainheal("escape");
  const { app, plugin } = await loadPlugin(vault, { program, autoUpdate: false, reportsFolder: "../outside-the-vault" });
  await plugin.exportReport({ since: "", until: "", format: "md" });
  assert.deepEqual(readdirSync(outside), [], "nothing written outside the vault");
  assert.equal(app.workspace.opened.at(-1), "Reports/plainheal report start to latest.md");
  // Typed in the settings, it is refused with a word, and the folder in use is kept.
  const tab = plugin.settingTabs[0];
  tab.display();
  const row = settingsIn(tab.containerEl).find((setting) => setting.name === "Reports folder")!;
  await (row.components[0] as TextComponent).change("../outside-the-vault");
  assert.match(row.desc, /This one is not used: write a folder of this vault/);
  assert.equal((plugin as unknown as { settings: { reportsFolder: string } }).settings.reportsFolder, "Reports");
  await (row.components[0] as TextComponent).change("Therapy");
  assert.equal((plugin.data as { reportsFolder: string }).reportsFolder, "Therapy");
  plugin.unload();
});

test("output plainheal was not expected to print is one plain sentence, never a JavaScript error", async () => {
  const odd = fakeProgram("odd-plainheal", `echo '{"as_of": "2026-11-20", "files": [null]}'`);
  const { plugin, status } = await loadPlugin(copyOfExampleVault("odd"), { program: odd, debounceSeconds });
  await waitFor("the failed update", () => status() === "Patterns not updated · click for why");
  assert.equal(
    Notice.shown.at(-1),
    "plainheal summarize printed something this plugin does not understand; plainheal may be older or newer than this plugin",
  );
  plugin.unload();
});

test("a folder of entries renamed or deleted starts a run; one in the summaries folder does not", async () => {
  const vault = copyOfExampleVault("folders");
  const { program, runs } = loggingPlainheal("folders");
  const { app, plugin, status } = await loadPlugin(vault, { program, debounceSeconds });
  await waitFor("the first update", () => summarizeRuns(runs()) === 1 && status() !== "Updating…");
  app.vault.trigger("rename", "Patterns/Old weeks", "Patterns/Weeks", true);
  await quiet(debounceSeconds * 3 * 1000);
  assert.equal(summarizeRuns(runs()), 1);
  app.vault.trigger("delete", "Journal/2026", undefined, true);
  await waitFor("the update after the folder went", () => summarizeRuns(runs()) === 2 && status() !== "Updating…");
  plugin.unload();
});

test("a vault whose folder name plainheal prints escaped: the report is still found and opened", async () => {
  const vault = copyOfExampleVault("My\u00a0journal");
  const { program } = loggingPlainheal("escaped");
  const { app, plugin } = await loadPlugin(vault, { program, autoUpdate: false });
  await plugin.exportReport({ since: "", until: "", format: "md" });
  const markdown = "Reports/plainheal report start to latest.md";
  assert.ok(existsSync(path.join(vault, markdown)));
  assert.equal(Notice.shown.at(-1), `Report saved: ${markdown}`, "no report of the person's was kept aside");
  assert.equal(app.workspace.opened.at(-1), markdown);
  await plugin.exportReport({ since: "", until: "", format: "html" });
  assert.equal(shell.shown.at(-1), path.join(vault, "Reports", "plainheal report start to latest.html"));
  plugin.unload();
});

test("New entry for today, when Obsidian has not yet seen the file: it says which file, not that it made it", async () => {
  const vault = copyOfExampleVault("unseen");
  const told = fakeProgram("unseen-plainheal", "echo Journal/2026-11-30.md; echo 'Journal/2026-11-30.md already exists; it is left as it is' >&2");
  const { plugin } = await loadPlugin(vault, { program: told, autoUpdate: false });
  await plugin.runCommand("new-entry");
  assert.equal(Notice.shown.at(-1), "Today's entry is Journal/2026-11-30.md; Obsidian has not shown it yet.");
  plugin.unload();
});

test("unloaded while waiting for Obsidian to see today's entry: nothing opens and nothing is said", async () => {
  const vault = copyOfExampleVault("unseen-unload");
  const told = fakeProgram("unseen-unload-plainheal", "echo Journal/2026-11-30.md");
  const { app, plugin } = await loadPlugin(vault, { program: told, autoUpdate: false });
  const shown = Notice.shown.length;
  const opened = app.workspace.opened.length;
  const running = plugin.runCommand("new-entry");
  await quiet(1000); // plainheal has answered; the plugin waits (up to 5 s) for the file
  plugin.unload();
  await running;
  assert.equal(Notice.shown.length, shown);
  assert.equal(app.workspace.opened.length, opened);
});

test("the Test button: a program that is not plainheal is not called working", async () => {
  const other = fakeProgram("other-program", 'echo "git version 2.43.0"');
  const { plugin } = await loadPlugin(copyOfExampleVault("other"), { program: other, autoUpdate: false });
  const tab = plugin.settingTabs[0];
  tab.display();
  const rows = settingsIn(tab.containerEl);
  await (rows.find((row) => row.name === "Test")!.components[0] as ButtonComponent).click();
  assert.equal(
    rows[0].desc,
    `${other} started, but it is not plainheal (its --version does not name plainheal). ` +
      "Enter the path of plainheal itself, or leave the field empty to find it automatically.",
  );
  plugin.unload();
});

test("automatic updates turned on catch up; turned off, a waiting update does not come", async () => {
  const vault = copyOfExampleVault("toggle");
  const { program, runs } = loggingPlainheal("toggle");
  const { app, plugin, status } = await loadPlugin(vault, { program, autoUpdate: false, debounceSeconds });
  const tab = plugin.settingTabs[0];
  tab.display();
  const toggle = settingsIn(tab.containerEl).find((row) => row.name === "Update automatically")!.components[0] as ToggleComponent;
  await toggle.change(true);
  await waitFor("the update after turning them on", () => summarizeRuns(runs()) === 1 && status() !== "Updating…");
  app.vault.trigger("modify", "Journal/2026/11/2026-11-20.md");
  await toggle.change(false);
  await quiet(debounceSeconds * 3 * 1000);
  assert.equal(summarizeRuns(runs()), 1, "no update after turning them off");
  plugin.unload();
});

test("a settings file that is not JSON: the plugin loads with its defaults", async () => {
  const vault = copyOfExampleVault("corrupt");
  const app = new App(new Vault(new FileSystemAdapter(vault)));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const PlainhealPlugin = require(builtPlugin).default as new (app: App, manifest: unknown) => Loaded;
  const plugin = new PlainhealPlugin(app, manifest);
  plugin.loadData = async () => {
    throw new SyntaxError("Unexpected end of JSON input"); // as Obsidian's JSON.parse of data.json
  };
  await plugin.onload();
  assert.equal(plugin.statusBar[0].text, "Patterns: waiting for changes");
  assert.equal(plugin.commands.size, 5);
  plugin.unload();
});

test("a plainheal.toml naming another summaries folder: the first run's own writes start no second run", async () => {
  const vault = copyOfExampleVault("own-output");
  appendFileSync(path.join(vault, "plainheal.toml"), 'output = "Summaries"\n');
  const log = path.join(scratch, "own-output.log");
  writeFileSync(log, "");
  // A plainheal that takes a moment, so that Obsidian's reports of its writes come while it runs.
  const program = fakeProgram(
    "own-output-plainheal",
    `echo "start $1" >> '${log}'\nsleep 1\n'${plainheal}' "$@"\nrc=$?\necho "end $1" >> '${log}'\nexit $rc`,
  );
  const runs = () => readFileSync(log, "utf8").split("\n").filter((line) => line !== "");
  const { app, plugin, status } = await loadPlugin(vault, { program, debounceSeconds });
  await waitFor("the first run to start", () => runs().length === 1);
  for (const file of ["Summaries/Overview.md", "Summaries/Months/2026-11.md", "Summaries/Weeks"]) {
    app.vault.trigger("create", file, undefined, file.endsWith("Weeks"));
  }
  await waitFor("the runs to settle", () => summarizeRuns(runs()) >= 1 && status() !== "Updating…");
  assert.ok(existsSync(path.join(vault, "Summaries", "Overview.md")));
  await quiet(debounceSeconds * 3 * 1000 + 1500);
  assert.equal(summarizeRuns(runs()), 1, "no second run for its own output");
  // An entry changed while a run goes on still gets its own run.
  app.vault.trigger("modify", "Journal/2026/11/2026-11-20.md");
  await waitFor("the run for the entry to start", () => runs().length === 3);
  app.vault.trigger("modify", "Summaries/Overview.md");
  app.vault.trigger("modify", "Journal/2026/11/2026-11-18.md");
  await waitFor("the run after it", () => summarizeRuns(runs()) === 3 && status() !== "Updating…", 30);
  plugin.unload();
});

test("the reports folder may hold entries too: only the reports themselves start nothing", async () => {
  const vault = copyOfExampleVault("reports-folder");
  const { program, runs } = loggingPlainheal("reports-folder");
  const { app, plugin, status } = await loadPlugin(vault, { program, debounceSeconds, reportsFolder: "Therapy" });
  await waitFor("the first update", () => summarizeRuns(runs()) === 1 && status() !== "Updating…");
  app.vault.trigger("modify", "Therapy/plainheal report 2026-10-01 to latest.md");
  await quiet(debounceSeconds * 3 * 1000);
  assert.equal(summarizeRuns(runs()), 1, "a report: no run");
  app.vault.trigger("modify", "Therapy/2026-11-21 session.md");
  await waitFor("the update for an entry in the reports folder", () => summarizeRuns(runs()) === 2 && status() !== "Updating…", 30);
  plugin.unload();
});

test("plainheal found with the Test button: the patterns are updated, not left as 'not found'", async () => {
  const vault = copyOfExampleVault("found-later");
  const notAProgram = path.join(scratch, "not-a-program-yet");
  writeFileSync(notAProgram, "");
  const { plugin, status } = await loadPlugin(vault, { program: notAProgram, debounceSeconds });
  await waitFor("the status", () => status() === "plainheal not found");
  const tab = plugin.settingTabs[0];
  tab.display();
  const rows = settingsIn(tab.containerEl);
  await (rows[0].components[0] as TextComponent).change(plainheal);
  await (rows.find((row) => row.name === "Test")!.components[0] as ButtonComponent).click();
  assert.match(rows[0].desc, /^Works: plainheal/);
  await waitFor("the update", () => status() === "1 thing needs your attention", 30);
  plugin.unload();
});
