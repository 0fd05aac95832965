import assert from "node:assert/strict";
import { test } from "node:test";
import { dateProblem, periodProblem } from "../src/modals";
import { DEFAULT_SETTINGS, folderInVault, quietSeconds, readSettings } from "../src/settings";

test("saved settings: defaults for what is missing or of the wrong kind", () => {
  assert.deepEqual(readSettings(null), DEFAULT_SETTINGS);
  assert.deepEqual(readSettings("junk"), DEFAULT_SETTINGS);
  const read = readSettings({ program: "/usr/bin/plainheal", autoUpdate: "yes", debounceSeconds: 5, venv: 3 });
  assert.equal(read.program, "/usr/bin/plainheal");
  assert.equal(read.autoUpdate, true, "a string is not a switch");
  assert.equal(read.debounceSeconds, 5);
  assert.equal(read.venv, "");
});

test("the quiet time stays between 0.1 and 600 seconds", () => {
  assert.equal(readSettings({ debounceSeconds: 0 }).debounceSeconds, 0.1);
  assert.equal(readSettings({ debounceSeconds: 1e9 }).debounceSeconds, 600);
  assert.equal(readSettings({ debounceSeconds: Number.NaN }).debounceSeconds, DEFAULT_SETTINGS.debounceSeconds);
});

test("export dates: empty or YYYY-MM-DD; anything else is explained", () => {
  assert.equal(dateProblem("From", ""), null);
  assert.equal(dateProblem("From", "2026-09-01"), null);
  assert.equal(dateProblem("To", "1 Sept"), "To: write the date as YYYY-MM-DD, e.g. 2026-09-01, or leave it empty.");
});

test("the reports folder is a folder of the vault, never a way out of it", () => {
  assert.equal(folderInVault("Reports"), "Reports");
  assert.equal(folderInVault(" Therapy\\Reports/ "), "Therapy/Reports");
  assert.equal(folderInVault("For my therapist"), "For my therapist");
  for (const outside of ["../Reports", "Reports/../../x", "/Users/me/Desktop", "C:\\Users\\me", "c:Reports", "\\\\server\\share", ".obsidian", "a//b", "./Reports", ""]) {
    assert.equal(folderInVault(outside), null, outside);
  }
  assert.equal(readSettings({ reportsFolder: "../../Desktop" }).reportsFolder, "Reports", "a saved way out is not used");
  assert.equal(readSettings({ reportsFolder: "Therapy/" }).reportsFolder, "Therapy");
});

test("the quiet time as typed: a plain number from 0.1 to 600, with a point or a comma", () => {
  assert.equal(quietSeconds("2"), 2);
  assert.equal(quietSeconds(" 0.5 "), 0.5);
  assert.equal(quietSeconds("2,5"), 2.5);
  assert.equal(quietSeconds("600"), 600);
  for (const refused of ["", "abc", "0", "0.05", "601", "1e2", "0x10", "-1", "Infinity", "2 s"]) {
    assert.equal(quietSeconds(refused), null, refused);
  }
});

test("export dates: a day that is not in the calendar, and a period that ends before it starts", () => {
  assert.equal(dateProblem("From", "2026-02-30"), "From: 2026-02-30 is not a day of the calendar; write the date as YYYY-MM-DD, e.g. 2026-09-01.");
  assert.match(dateProblem("To", "2026-13-01") ?? "", /^To: 2026-13-01 is not a day of the calendar/);
  assert.equal(dateProblem("To", "2028-02-29"), null, "a leap day");
  assert.equal(periodProblem({ since: "2026-11-01", until: "2026-10-01", format: "md" }), "The period starts (2026-11-01) after it ends (2026-10-01).");
  assert.equal(periodProblem({ since: "2026-10-01", until: "2026-10-01", format: "md" }), null);
  assert.equal(periodProblem({ since: "", until: "2026-10-01", format: "html" }), null);
});
