// The plugin's dialogs: a message, the journal check, and the export form.
import { App, Modal, Setting } from "obsidian";
import type { Finding } from "./summary";

/** A plain message, e.g. why the last update failed. */
export class MessageModal extends Modal {
  constructor(
    app: App,
    private readonly title: string,
    private readonly message: string,
  ) {
    super(app);
  }

  override onOpen(): void {
    this.setTitle(this.title);
    this.contentEl.empty();
    this.contentEl.createEl("p", { text: this.message });
  }
}

/** The result of `plainheal check`: each problem with a link that opens its file. */
export class CheckModal extends Modal {
  constructor(
    app: App,
    private readonly entries: number,
    private readonly findings: Finding[],
    private readonly openPath: (path: string) => void,
  ) {
    super(app);
  }

  override onOpen(): void {
    const { contentEl } = this;
    this.setTitle("Check journal");
    contentEl.empty();
    const read = `${this.entries} ${this.entries === 1 ? "entry" : "entries"} read.`;
    if (this.findings.length === 0) {
      contentEl.createEl("p", { text: `${read} Nothing needs your attention.` });
      return;
    }
    const n = this.findings.length;
    contentEl.createEl("p", { text: `${read} ${n} ${n === 1 ? "thing needs" : "things need"} your attention:` });
    const listEl = contentEl.createEl("ul");
    for (const finding of this.findings) {
      const item = listEl.createEl("li");
      const where = finding.line ? `${finding.path}, line ${finding.line}` : finding.path;
      const link = item.createEl("a", { text: where || "plainheal", href: "#" });
      if (finding.path) {
        link.addEventListener("click", (event) => {
          event.preventDefault();
          this.close();
          this.openPath(finding.path);
        });
      }
      item.createSpan({ text: ` — ${finding.text}` });
    }
  }
}

/** What the export form asks for. */
export interface ExportChoice {
  since: string;
  until: string;
  format: "html" | "md";
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The problem with a typed date, or null when it is empty or a YYYY-MM-DD day of the calendar. */
export function dateProblem(label: string, value: string): string | null {
  if (value === "") return null;
  if (!DAY.test(value)) return `${label}: write the date as YYYY-MM-DD, e.g. 2026-09-01, or leave it empty.`;
  const [year, month, day] = value.split("-").map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || year < 1) {
    return `${label}: ${value} is not a day of the calendar; write the date as YYYY-MM-DD, e.g. 2026-09-01.`;
  }
  return null;
}

/** The problem with the whole form's period, or null. */
export function periodProblem(choice: ExportChoice): string | null {
  const problem = dateProblem("From", choice.since) ?? dateProblem("To", choice.until);
  if (problem) return problem;
  if (choice.since && choice.until && choice.since > choice.until) {
    return `The period starts (${choice.since}) after it ends (${choice.until}).`;
  }
  return null;
}

/** "Export a report for my therapist…": the period and the format. */
export class ExportModal extends Modal {
  private choice: ExportChoice = { since: "", until: "", format: "html" };

  constructor(
    app: App,
    private readonly folder: string,
    private readonly submit: (choice: ExportChoice) => void,
  ) {
    super(app);
  }

  override onOpen(): void {
    const { contentEl } = this;
    this.setTitle("Export a report for your therapist");
    contentEl.empty();
    contentEl.createEl("p", {
      text:
        "A summary of a period, with the full text only of entries marked share: true. " +
        `Entries marked private are left out entirely. It is saved in ${this.folder}/ in this vault.`,
    });
    new Setting(contentEl)
      .setName("From")
      .setDesc("First day, YYYY-MM-DD. Empty: from your first entry.")
      .addText((text) => text.setPlaceholder("2026-09-01").onChange((value) => (this.choice.since = value.trim())));
    new Setting(contentEl)
      .setName("To")
      .setDesc("Last day, YYYY-MM-DD. Empty: up to your latest entry.")
      .addText((text) => text.setPlaceholder("2026-11-20").onChange((value) => (this.choice.until = value.trim())));
    new Setting(contentEl)
      .setName("Format")
      .setDesc("HTML opens in a browser, to print or save as PDF; Markdown opens here.")
      .addDropdown((dropdown) =>
        dropdown
          .addOption("html", "HTML (print or save as PDF)")
          .addOption("md", "Markdown")
          .setValue(this.choice.format)
          .onChange((value) => (this.choice.format = value === "md" ? "md" : "html")),
      );
    const problemEl = contentEl.createEl("p");
    new Setting(contentEl).addButton((button) =>
      button
        .setButtonText("Export")
        .setCta()
        .onClick(() => {
          const problem = periodProblem(this.choice);
          if (problem) {
            problemEl.setText(problem);
            return;
          }
          this.close();
          this.submit({ ...this.choice });
        }),
    );
  }
}
