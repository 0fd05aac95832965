// The plugin's settings and its settings tab.
import { App, PluginSettingTab, Setting } from "obsidian";
import type PlainhealPlugin from "./main";

export interface Settings {
  /** Path to the plainheal program; empty means "find it". */
  program: string;
  /** A Python virtual environment folder where plainheal is installed (optional). */
  venv: string;
  autoUpdate: boolean;
  debounceSeconds: number;
  /** Changes in this folder do not trigger an update (plainheal's default templates folder). */
  templatesFolder: string;
  /** Where "Export a report for my therapist…" puts reports, inside the vault. */
  reportsFolder: string;
}

export const DEFAULT_SETTINGS: Settings = {
  program: "",
  venv: "",
  autoUpdate: true,
  debounceSeconds: 2,
  templatesFolder: "Templates",
  reportsFolder: "Reports",
};

/** Saved settings, with anything missing or of the wrong kind replaced by its default. */
export function readSettings(saved: unknown): Settings {
  const settings = { ...DEFAULT_SETTINGS };
  if (!saved || typeof saved !== "object") return settings;
  const data = saved as Record<string, unknown>;
  for (const key of ["program", "venv", "templatesFolder", "reportsFolder"] as const) {
    if (typeof data[key] === "string") settings[key] = data[key] as string;
  }
  settings.reportsFolder = folderInVault(settings.reportsFolder) ?? DEFAULT_SETTINGS.reportsFolder;
  if (typeof data.autoUpdate === "boolean") settings.autoUpdate = data.autoUpdate;
  const debounce = data.debounceSeconds;
  if (typeof debounce === "number" && Number.isFinite(debounce)) {
    settings.debounceSeconds = Math.min(600, Math.max(0.1, debounce));
  }
  return settings;
}

/**
 * A folder inside the vault as the person typed it ("Reports", "Therapy\\Reports/"), in
 * Obsidian's form ("Therapy/Reports"); null for anything that could lead outside the vault
 * or into a hidden folder (an absolute path, `..`, `.obsidian`).
 */
export function folderInVault(typed: string): string | null {
  const clean = typed.trim().replace(/\\/g, "/").replace(/\/+$/, "");
  if (clean === "" || clean.startsWith("/") || /^[A-Za-z]:/.test(clean)) return null;
  const parts = clean.split("/");
  if (parts.some((part) => part.trim() === "" || part.startsWith("."))) return null;
  return parts.join("/");
}

/** The quiet time as typed ("2", "0.5", "2,5"), or null unless a plain number from 0.1 to 600. */
export function quietSeconds(typed: string): number | null {
  const clean = typed.trim().replace(",", ".");
  if (!/^\d*\.?\d+$/.test(clean)) return null;
  const seconds = Number(clean);
  return seconds >= 0.1 && seconds <= 600 ? seconds : null;
}

const WAIT_HELP = "How long things must be quiet before updating, so that typing or a sync causes one update.";

const REPORTS_HELP = "Where reports for your therapist are saved, inside this vault.";

const INSTALL_STEPS =
  "plainheal is a small Python program that this plugin runs on your computer. To install it, " +
  "open a terminal in a copy of the plainheal folder and run `pipx install .` (or " +
  "`uv tool install .`, or `python3 -m pip install --user .`).";

/** How to install plainheal, said in a window outside the settings. */
export const INSTALL_HELP =
  `${INSTALL_STEPS} Then press Test in this plugin's settings (Settings → plainheal), where you ` +
  "can also enter the program's path if it is installed somewhere unusual.";

/** How to install plainheal, said in the settings, beside the Test button and the path fields. */
export const INSTALL_HELP_HERE =
  `${INSTALL_STEPS} Then press Test here. If it is installed somewhere unusual, enter the ` +
  "program's path or the virtual environment's folder below.";

export class PlainhealSettingTab extends PluginSettingTab {
  constructor(
    app: App,
    private readonly plugin: PlainhealPlugin,
  ) {
    super(app, plugin);
  }

  override display(): void {
    const { containerEl } = this;
    containerEl.empty();
    containerEl.createEl("p", {
      text:
        "plainheal runs on this computer and writes your summaries into this vault. " +
        "Nothing is sent anywhere, and this plugin writes no file itself.",
    });
    const program = new Setting(containerEl)
      .setName("plainheal program")
      .setDesc("Looking for plainheal…")
      .addText((text) =>
        text
          .setPlaceholder("found automatically")
          .setValue(this.plugin.settings.program)
          .onChange(async (value) => {
            this.plugin.settings.program = value.trim();
            await this.plugin.saveSettings();
          }),
      );
    let tested = false; // a Test result is not overwritten by this slower first look
    void this.plugin.program().then((found) => {
      if (!tested) {
        program.setDesc(found ? `Using ${found}. Leave empty to find it automatically.` : `Not found. ${INSTALL_HELP_HERE}`);
      }
    });
    new Setting(containerEl)
      .setName("Virtual environment")
      .setDesc("If you installed plainheal into a Python virtual environment, its folder (the one holding bin/).")
      .addText((text) =>
        text
          .setPlaceholder("/home/you/plainheal/.venv")
          .setValue(this.plugin.settings.venv)
          .onChange(async (value) => {
            this.plugin.settings.venv = value.trim();
            await this.plugin.saveSettings();
          }),
      );
    new Setting(containerEl)
      .setName("Test")
      .setDesc("Runs `plainheal --version` to check that plainheal can be found and started.")
      .addButton((button) =>
        button.setButtonText("Test").onClick(async () => {
          tested = true;
          program.setDesc("Testing…");
          program.setDesc(await this.plugin.testProgram());
        }),
      );
    new Setting(containerEl)
      .setName("Update automatically")
      .setDesc("Update the patterns a moment after you change an entry.")
      .addToggle((toggle) =>
        toggle.setValue(this.plugin.settings.autoUpdate).onChange(async (value) => {
          this.plugin.settings.autoUpdate = value;
          await this.plugin.saveSettings();
          this.plugin.autoUpdateChanged();
        }),
      );
    const wait = new Setting(containerEl)
      .setName("Wait after a change (seconds)")
      .setDesc(WAIT_HELP)
      .addText((text) =>
        text.setValue(String(this.plugin.settings.debounceSeconds)).onChange(async (value) => {
          const seconds = quietSeconds(value);
          if (seconds === null) {
            wait.setDesc(
              `${WAIT_HELP} This is not used: write a number of seconds from 0.1 to 600. ` +
                `${this.plugin.settings.debounceSeconds} is used meanwhile.`,
            );
            return;
          }
          wait.setDesc(WAIT_HELP);
          this.plugin.settings.debounceSeconds = seconds;
          await this.plugin.saveSettings();
        }),
      );
    new Setting(containerEl)
      .setName("Templates folder")
      .setDesc("Changes here never trigger an update.")
      .addText((text) =>
        text.setValue(this.plugin.settings.templatesFolder).onChange(async (value) => {
          this.plugin.settings.templatesFolder = value.trim();
          await this.plugin.saveSettings();
        }),
      );
    const reports = new Setting(containerEl)
      .setName("Reports folder")
      .setDesc(REPORTS_HELP)
      .addText((text) =>
        text.setValue(this.plugin.settings.reportsFolder).onChange(async (value) => {
          const folder = value.trim() === "" ? DEFAULT_SETTINGS.reportsFolder : folderInVault(value);
          if (folder === null) {
            reports.setDesc(
              `${REPORTS_HELP} This one is not used: write a folder of this vault, such as Reports or Therapy/Reports. ` +
                `Reports are saved in ${this.plugin.settings.reportsFolder}/ meanwhile.`,
            );
            return;
          }
          reports.setDesc(REPORTS_HELP);
          this.plugin.settings.reportsFolder = folder;
          await this.plugin.saveSettings();
        }),
      );
  }
}
