import assert from "node:assert/strict";
import { test } from "node:test";
import {
  affectsSummaries,
  commonFolder,
  isReport,
  readCheck,
  readSummary,
  statusText,
  writtenReport,
} from "../src/summary";

const summarized = JSON.stringify({
  as_of: "2026-11-20",
  entry_count: 4,
  problems: [{ path: "Journal/a.md", line: 3, severity: "warning", code: "unknown-value" }],
  conflicts: [{ path: "Journal/b.sync-conflict-20261121-101010-ABCDEFG.md", original: "Journal/b.md" }],
  files: [
    { path: "Notes/Patterns/Overview.md", status: "updated" },
    { path: "Notes/Patterns/Months/2026-11.md", status: "unchanged" },
    { path: "Notes/Patterns/Weeks/2026-W47.md", status: "skipped", reason: "markers removed" },
    { path: "Notes/Patterns/Weeks/2026-W48.md", status: "created" },
  ],
});

test("the summary's as-of date, attention count, output folder and changes", () => {
  assert.deepEqual(readSummary(summarized), {
    asOf: "2026-11-20",
    attention: 2,
    outputFolder: "Notes/Patterns",
    changed: 2,
    skipped: 1,
  });
});

test("an empty journal has no as-of date and nothing to attend to", () => {
  const result = readSummary(JSON.stringify({ as_of: null, problems: [], conflicts: [], files: [] }));
  assert.equal(result.asOf, null);
  assert.equal(result.attention, 0);
  assert.equal(result.outputFolder, null);
});

test("output that is not the expected JSON is a plain message, not a parse error", () => {
  assert.throws(() => readSummary("Traceback (most recent call last):"), /does not understand; plainheal may be older or newer than this plugin$/);
  assert.throws(() => readSummary("[1, 2]"), /does not understand/);
  assert.throws(() => readSummary(JSON.stringify({ files: "Overview.md" })), /does not understand/);
  // Lists of something else than objects: the same sentence, never a JavaScript TypeError.
  assert.throws(() => readSummary(JSON.stringify({ files: [null] })), /^Error: plainheal summarize printed something/);
  assert.throws(() => readSummary(JSON.stringify({ problems: ["x"] })), /does not understand/);
  assert.throws(() => readCheck(JSON.stringify({ problems: [null] })), /^Error: plainheal check printed something/);
  assert.throws(() => readCheck(JSON.stringify({ conflicts: [[1]] })), /does not understand/);
  // A date that is not a date is not shown as one.
  assert.equal(readSummary(JSON.stringify({ as_of: "x".repeat(5000) })).asOf, null);
});

test("the common folder of generated files", () => {
  assert.equal(commonFolder(["Patterns/Overview.md", "Patterns/Weeks/2026-W01.md"]), "Patterns");
  assert.equal(commonFolder(["Patterns/Weeks/2026-W01.md"]), "Patterns/Weeks");
  assert.equal(commonFolder(["Overview.md", "Patterns/Weeks/2026-W01.md"]), null);
  assert.equal(commonFolder([]), null);
});

test("check findings: problems with their line, and conflict copies with their original", () => {
  const checked = readCheck(
    JSON.stringify({
      entries: [{}, {}, {}],
      problems: [
        { path: "Journal/bad.md", line: 3, severity: "error", code: "yaml-syntax", message: "the frontmatter could not be read: check the quotes" },
        { path: "Journal/typo.md", line: null, severity: "warning", code: "unknown-value", message: "unknown value" },
        { path: "Journal/0001-01-01.md", line: null, severity: "error", code: "date-out-of-range", message: "the date in its file name has the year 1" },
      ],
      conflicts: [{ path: "Journal/x (conflicted copy).md", original: "Journal/x.md" }],
    }),
  );
  assert.equal(checked.entries, 3);
  assert.deepEqual(
    checked.findings.map((f) => [f.path, f.line, f.text]),
    [
      // plainheal's own words, with no label that repeats them or gets them wrong.
      ["Journal/bad.md", 3, "the frontmatter could not be read: check the quotes"],
      ["Journal/typo.md", null, "unknown value"],
      ["Journal/0001-01-01.md", null, "the date in its file name has the year 1"],
      [
        "Journal/x (conflicted copy).md",
        null,
        "A sync-conflict copy of Journal/x.md: it is not counted. Merge what you need into the original, then delete the copy.",
      ],
    ],
  );
});

test("the status line's words", () => {
  assert.equal(statusText({ kind: "done", asOf: "2026-11-20", attention: 0 }), "Patterns up to date · as of 2026-11-20");
  assert.equal(statusText({ kind: "done", asOf: "2026-11-20", attention: 3 }), "3 things need your attention");
  assert.equal(statusText({ kind: "done", asOf: "2026-11-20", attention: 1 }), "1 thing needs your attention");
  assert.equal(statusText({ kind: "done", asOf: null, attention: 0 }), "Patterns up to date · no dated entries yet");
  assert.equal(statusText({ kind: "updating" }), "Updating…");
  assert.equal(statusText({ kind: "not-found" }), "plainheal not found");
  assert.equal(statusText({ kind: "failed", message: "x" }), "Patterns not updated · click for why");
  assert.equal(statusText({ kind: "waiting", autoUpdate: false }), "Patterns: automatic updates off");
});

test("which changes can matter to the summaries", () => {
  const ignored = ["Patterns", "Templates/", "Reports"];
  assert.equal(affectsSummaries("Journal/2026-11-20.md", ignored), true);
  assert.equal(affectsSummaries("2026-11-20.MD", ignored), true);
  assert.equal(affectsSummaries("plainheal.toml", ignored), true);
  assert.equal(affectsSummaries("Patterns/Overview.md", ignored), false);
  assert.equal(affectsSummaries("Templates/Journal entry.md", ignored), false);
  assert.equal(affectsSummaries("Reports/plainheal report start to latest.md", ignored), false);
  assert.equal(affectsSummaries(".obsidian/workspace.json", ignored), false);
  assert.equal(affectsSummaries(".trash/2026-11-20.md", ignored), false);
  assert.equal(affectsSummaries("Journal/.hidden.md", ignored), false);
  assert.equal(affectsSummaries("Journal/photo.png", ignored), false);
  assert.equal(affectsSummaries("PatternsOfMine/x.md", ignored), true);
  assert.equal(affectsSummaries("Journal/x.md", ["", "/"]), true);
  // A folder renamed or deleted holds entries; its name has no .md.
  assert.equal(affectsSummaries("Journal/2026", ignored, true), true);
  assert.equal(affectsSummaries("Journal/2026", ignored), false, "a file without .md");
  assert.equal(affectsSummaries("Patterns/Weeks", ignored, true), false);
  assert.equal(affectsSummaries("Patterns", ignored, true), false);
  assert.equal(affectsSummaries(".trash/Journal", ignored, true), false);
});

test("the report's path as plainheal export says it wrote it", () => {
  const asked = "Reports/plainheal report start to latest.md";
  const said = (stderr: string) => writtenReport(stderr, asked);
  assert.deepEqual(said("  created  /v/Reports/plainheal report start to latest.md\n"), { path: asked, beside: false });
  const beside =
    "  created  /v/Reports/plainheal report start to latest (2).md\n" +
    "The report at /v/Reports/plainheal report start to latest.md was changed since plainheal wrote it.\n";
  assert.deepEqual(said(beside), { path: "Reports/plainheal report start to latest (2).md", beside: true });
  assert.deepEqual(said("unchanged  /v/Reports/plainheal report start to latest.md\n"), { path: asked, beside: false });
  assert.deepEqual(said(""), { path: asked, beside: false });
  assert.deepEqual(said("  created  C:\\v\\Reports\\plainheal report start to latest.md\r\n"), { path: asked, beside: false });
  // A vault folder plainheal prints escaped (a no-break space as \xa0) is still this report.
  assert.deepEqual(said("  created  /home/me/My\\xa0journal/Reports/plainheal report start to latest.md\n"), {
    path: asked,
    beside: false,
  });
  assert.deepEqual(writtenReport("  created  /v/r.md\n", "r.md"), { path: "r.md", beside: false });
});

test("the reports this plugin has written, and nothing else, are reports", () => {
  assert.equal(isReport("Reports/plainheal report start to latest.md", "Reports"), true);
  assert.equal(isReport("Therapy/Reports/plainheal report 2026-10-01 to latest (2).md", "Therapy/Reports"), true);
  assert.equal(isReport("Reports/2026-11-21 session.md", "Reports"), false);
  assert.equal(isReport("Journal/plainheal report start to latest.md", "Reports"), false);
});
