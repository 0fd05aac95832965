// A small stand-in for the `obsidian` module: only what the plugin uses. Each class names the
// members of the real class it stands for (`Fake<Real, "member" | ...>`), so tsc refuses a
// member the real API does not have, or parameters it would not accept. Test-only helpers
// (trigger, click, ...) are extra members the plugin never sees.
import { statSync } from "fs";
import * as path from "path";
import type * as real from "obsidian";

type AnyFunction = (...args: never[]) => unknown;
/** The members K of T, with T's parameter types; what they return is the fake's own. */
export type Fake<T, K extends keyof T> = {
  [P in K]: T[P] extends AnyFunction ? (...args: Parameters<T[P]>) => unknown : unknown;
};

// ---- Elements -------------------------------------------------------------------------------

type ElementMembers = "setText" | "empty" | "createEl" | "createSpan" | "addEventListener";

export class FakeElement implements Fake<HTMLElement, ElementMembers> {
  readonly children: FakeElement[] = [];
  readonly listeners = new Map<string, ((event: unknown) => unknown)[]>();
  text = "";
  attributes: Record<string, string> = {};

  constructor(readonly tag: string) {}

  setText(text: string | DocumentFragment): void {
    this.text = String(text);
  }

  empty(): void {
    this.children.length = 0;
    this.text = "";
  }

  createEl<K extends keyof HTMLElementTagNameMap>(tag: K, info?: DomElementInfo | string): FakeElement {
    const child = new FakeElement(tag);
    if (typeof info === "string") child.attributes.class = info;
    else if (info) {
      if (info.text !== undefined) child.text = String(info.text);
      if (info.href !== undefined) child.attributes.href = info.href;
    }
    this.children.push(child);
    return child;
  }

  createSpan(info?: DomElementInfo | string): FakeElement {
    return this.createEl("span", info);
  }

  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    if (typeof listener !== "function") return;
    const list = this.listeners.get(type) ?? [];
    list.push(listener as (event: unknown) => unknown);
    this.listeners.set(type, list);
  }

  /** Test helper: a click, as a person would make it. */
  click(): void {
    for (const listener of this.listeners.get("click") ?? []) listener({ preventDefault() {} });
  }

  /** Test helper: all text in this element and below it. */
  get allText(): string {
    return [this.text, ...this.children.map((child) => child.allText)].filter((t) => t !== "").join(" ");
  }

  /** Test helper: every element below this one with this tag. */
  find(tag: string): FakeElement[] {
    return this.children.flatMap((child) => [...(child.tag === tag ? [child] : []), ...child.find(tag)]);
  }
}

// ---- Files and the vault --------------------------------------------------------------------

export class TAbstractFile implements Fake<real.TAbstractFile, "path" | "name"> {
  name: string;
  constructor(public path: string) {
    this.name = path.split("/").pop() ?? path;
  }
}

export class TFile extends TAbstractFile implements Fake<real.TFile, "path" | "basename" | "extension"> {
  basename = this.name.replace(/\.[^.]*$/, "");
  extension = this.name.includes(".") ? (this.name.split(".").pop() ?? "") : "";
}

export class TFolder extends TAbstractFile implements Fake<real.TFolder, "path" | "name"> {}

export class FileSystemAdapter implements Fake<real.FileSystemAdapter, "getBasePath"> {
  constructor(private readonly basePath: string) {}
  getBasePath(): string {
    return this.basePath;
  }
}

type EventRef = { name: string; callback: (...args: never[]) => unknown };

export class Vault implements Fake<real.Vault, "adapter" | "getFileByPath" | "offref"> {
  private readonly refs = new Set<EventRef>();
  constructor(public adapter: FileSystemAdapter) {}

  on(name: "create" | "modify" | "delete", callback: (file: real.TAbstractFile) => unknown): EventRef;
  on(name: "rename", callback: (file: real.TAbstractFile, oldPath: string) => unknown): EventRef;
  on(name: string, callback: (...args: never[]) => unknown): EventRef {
    const ref = { name, callback };
    this.refs.add(ref);
    return ref;
  }

  offref(ref: real.EventRef): void {
    this.refs.delete(ref as unknown as EventRef);
  }

  /** The file at a vault path, if it is on disk (the fake reads the real folder). */
  getFileByPath(relative: string): TFile | null {
    try {
      return statSync(path.join(this.adapter.getBasePath(), relative)).isFile() ? new TFile(relative) : null;
    } catch {
      return null;
    }
  }

  /** Test helper: Obsidian reporting a change (to a file, or to a folder). */
  trigger(name: "create" | "modify" | "delete" | "rename", relative: string, oldPath?: string, folder = false): void {
    const changed = folder ? new TFolder(relative) : new TFile(relative);
    for (const ref of [...this.refs]) {
      if (ref.name === name) (ref.callback as (file: TAbstractFile, old?: string) => unknown)(changed, oldPath);
    }
  }

  get listenerCount(): number {
    return this.refs.size;
  }
}

export class Workspace implements Fake<real.Workspace, "onLayoutReady" | "openLinkText"> {
  readonly opened: string[] = [];
  private readonly waiting: (() => unknown)[] = [];

  onLayoutReady(callback: () => unknown): void {
    this.waiting.push(callback);
  }

  async openLinkText(linktext: string, sourcePath: string): Promise<void> {
    this.opened.push(sourcePath ? `${sourcePath} → ${linktext}` : linktext);
  }

  /** Test helper: the vault has finished loading. */
  layoutReady(): void {
    for (const callback of this.waiting.splice(0)) callback();
  }
}

export class App implements Fake<real.App, "vault" | "workspace"> {
  workspace = new Workspace();
  /** Obsidian's settings window (not public API; the plugin checks that it is there). */
  setting = {
    openedTabs: [] as string[],
    open(): void {},
    openTabById(id: string): void {
      this.openedTabs.push(id);
    },
  };
  constructor(public vault: Vault) {}
}

// ---- The plugin and its UI ------------------------------------------------------------------

type PluginMembers =
  | "app"
  | "manifest"
  | "addCommand"
  | "addStatusBarItem"
  | "addSettingTab"
  | "loadData"
  | "saveData"
  | "registerEvent"
  | "register"
  | "registerDomEvent"
  | "onload"
  | "onunload";

export class Plugin implements Fake<real.Plugin, PluginMembers> {
  readonly commands = new Map<string, real.Command>();
  readonly statusBar: FakeElement[] = [];
  readonly settingTabs: PluginSettingTab[] = [];
  private readonly cleanups: (() => unknown)[] = [];
  /** What loadData returns and saveData stores, as Obsidian's data.json would. */
  data: unknown = null;

  constructor(
    public app: App,
    public manifest: real.PluginManifest,
  ) {}

  onload(): void {}
  onunload(): void {}

  addCommand(command: real.Command): real.Command {
    this.commands.set(command.id, command);
    return command;
  }

  addStatusBarItem(): FakeElement {
    const item = new FakeElement("div");
    this.statusBar.push(item);
    return item;
  }

  addSettingTab(tab: real.PluginSettingTab): void {
    this.settingTabs.push(tab as unknown as PluginSettingTab);
  }

  async loadData(): Promise<unknown> {
    return this.data;
  }

  async saveData(data: unknown): Promise<void> {
    this.data = JSON.parse(JSON.stringify(data));
  }

  registerEvent(ref: real.EventRef): void {
    this.cleanups.push(() => this.app.vault.offref(ref));
  }

  register(callback: () => unknown): void {
    this.cleanups.push(callback);
  }

  registerDomEvent(element: HTMLElement, type: string, callback: (this: HTMLElement, event: never) => unknown): void {
    (element as unknown as FakeElement).addEventListener(type, callback as unknown as EventListener);
  }

  /** Test helper: Obsidian unloading the plugin. */
  unload(): void {
    this.onunload();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  /** Test helper: run a command from the palette, by its id. */
  async runCommand(id: string): Promise<void> {
    const command = this.commands.get(id);
    if (!command?.callback) throw new Error(`no command ${id}`);
    await command.callback();
  }
}

export abstract class PluginSettingTab implements Fake<real.PluginSettingTab, "app" | "containerEl" | "display"> {
  containerEl = new FakeElement("div");
  constructor(
    public app: App,
    _plugin: Plugin,
  ) {}
  abstract display(): void;
}

export class Modal implements Fake<real.Modal, "app" | "contentEl" | "open" | "close" | "onOpen" | "onClose" | "setTitle"> {
  /** Test helper: every modal opened, newest last. */
  static opened: Modal[] = [];
  contentEl = new FakeElement("div");
  title = "";
  isOpen = false;

  constructor(public app: App) {}

  open(): void {
    this.isOpen = true;
    Modal.opened.push(this);
    void this.onOpen();
  }

  close(): void {
    this.isOpen = false;
    this.onClose();
  }

  onOpen(): Promise<void> | void {}
  onClose(): void {}

  setTitle(title: string): this {
    this.title = title;
    return this;
  }
}

export class Notice {
  /** Test helper: every notice shown. */
  static shown: string[] = [];
  constructor(message: string | DocumentFragment) {
    Notice.shown.push(String(message));
  }
}
// The constructor accepts what Obsidian's does.
const _noticeTakes: new (...args: ConstructorParameters<typeof real.Notice>) => unknown = Notice;
void _noticeTakes;

// ---- Settings and their controls ------------------------------------------------------------

class Control<T> {
  value: T;
  handlers: ((value: T) => unknown)[] = [];
  constructor(initial: T) {
    this.value = initial;
  }
  getValue(): T {
    return this.value;
  }
  setValue(value: T): this {
    this.value = value;
    return this;
  }
  onChange(callback: (value: T) => unknown): this {
    this.handlers.push(callback);
    return this;
  }
  /** Test helper: a person changing the value. */
  async change(value: T): Promise<void> {
    this.value = value;
    for (const handler of this.handlers) await handler(value);
  }
}

export class TextComponent
  extends Control<string>
  implements Fake<real.TextComponent, "getValue" | "setValue" | "onChange" | "setPlaceholder">
{
  placeholder = "";
  constructor() {
    super("");
  }
  setPlaceholder(placeholder: string): this {
    this.placeholder = placeholder;
    return this;
  }
}

export class ToggleComponent
  extends Control<boolean>
  implements Fake<real.ToggleComponent, "getValue" | "setValue" | "onChange">
{
  constructor() {
    super(false);
  }
}

export class DropdownComponent
  extends Control<string>
  implements Fake<real.DropdownComponent, "getValue" | "setValue" | "onChange" | "addOption">
{
  options: Record<string, string> = {};
  constructor() {
    super("");
  }
  addOption(value: string, display: string): this {
    this.options[value] = display;
    return this;
  }
}

export class ButtonComponent implements Fake<real.ButtonComponent, "setButtonText" | "setCta" | "onClick"> {
  text = "";
  private handler: ((event: MouseEvent) => unknown) | null = null;
  setButtonText(name: string): this {
    this.text = name;
    return this;
  }
  setCta(): this {
    return this;
  }
  onClick(callback: (event: MouseEvent) => unknown): this {
    this.handler = callback;
    return this;
  }
  /** Test helper: a person pressing the button. */
  async click(): Promise<void> {
    await this.handler?.({} as MouseEvent);
  }
}

type Component = TextComponent | ToggleComponent | DropdownComponent | ButtonComponent;

export class Setting
  implements Fake<real.Setting, "setName" | "setDesc" | "addText" | "addToggle" | "addButton" | "addDropdown">
{
  name = "";
  desc = "";
  readonly components: Component[] = [];

  constructor(containerEl: HTMLElement) {
    (containerEl as unknown as FakeElement).children.push(Object.assign(new FakeElement("setting"), { setting: this }));
  }

  setName(name: string | DocumentFragment): this {
    this.name = String(name);
    return this;
  }

  setDesc(desc: string | DocumentFragment): this {
    this.desc = String(desc);
    return this;
  }

  addText(callback: (component: real.TextComponent) => unknown): this {
    return this.add(new TextComponent(), callback);
  }

  addToggle(callback: (component: real.ToggleComponent) => unknown): this {
    return this.add(new ToggleComponent(), callback);
  }

  addButton(callback: (component: real.ButtonComponent) => unknown): this {
    return this.add(new ButtonComponent(), callback);
  }

  addDropdown(callback: (component: real.DropdownComponent) => unknown): this {
    return this.add(new DropdownComponent(), callback);
  }

  private add<C extends Component, R>(component: C, callback: (component: R) => unknown): this {
    this.components.push(component);
    // The plugin calls only the members the fake control names (checked above).
    callback(component as unknown as R);
    return this;
  }
}

/** Test helper: the Settings rows under an element, in order. */
export function settingsIn(element: FakeElement): Setting[] {
  return element.find("setting").map((row) => (row as FakeElement & { setting: Setting }).setting);
}
