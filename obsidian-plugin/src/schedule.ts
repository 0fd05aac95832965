// One plainheal at a time: runs wait their turn, and a burst of changes becomes one update.

/** setTimeout, clearTimeout and the clock, passed in so tests can drive time themselves. */
export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  now(): number;
}

export const realTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

/**
 * However busy the vault, an update comes at least this long after the first change it
 * waits for: a plugin or sync client that writes a note every second must not keep the
 * summaries (and the status line's "up to date") stale for ever.
 */
export function longestWaitMs(debounceMs: number): number {
  return Math.max(60_000, 5 * debounceMs);
}

/** Runs tasks one after another, never two at once. */
export class OneAtATime {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** Debounced updates: while one runs, at most one more is queued, however many are asked for. */
export class UpdateScheduler {
  private timer: unknown = null;
  private current: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  /** When the first change not yet updated for was seen. */
  private firstChange: number | null = null;

  constructor(
    private readonly update: () => Promise<void>,
    private readonly timers: Timers,
    public debounceMs: number,
  ) {}

  /**
   * A file changed: update once things have been quiet for the debounce time, or when the
   * first change has waited `longestWaitMs`, whichever is sooner.
   */
  changed(): void {
    if (this.stopped) return;
    const now = this.timers.now();
    if (this.timer !== null) this.timers.clear(this.timer);
    this.firstChange ??= now;
    const latest = this.firstChange + longestWaitMs(this.debounceMs);
    this.timer = this.timers.set(
      () => {
        this.timer = null;
        void this.now();
      },
      Math.max(0, Math.min(this.debounceMs, latest - now)),
    );
  }

  /** Update now (or right after the update under way); resolves when that update is done. */
  now(): Promise<void> {
    this.cancel();
    if (this.stopped) return this.current ?? Promise.resolve();
    if (this.current) {
      this.again = true;
      return this.current;
    }
    const loop = async (): Promise<void> => {
      try {
        do {
          this.again = false;
          await this.update();
        } while (this.again && !this.stopped);
      } finally {
        this.current = null;
      }
    };
    this.current = loop();
    return this.current;
  }

  /** Forget a pending debounced update (on unload, or when an update starts anyway). */
  cancel(): void {
    if (this.timer !== null) {
      this.timers.clear(this.timer);
      this.timer = null;
    }
    this.firstChange = null;
  }

  /** Drop the update queued or waiting: what asked for it is already covered. */
  forget(): void {
    this.again = false;
    this.cancel();
  }

  /** No more updates, not even one already queued (the plugin is being unloaded). */
  stop(): void {
    this.stopped = true;
    this.again = false;
    this.cancel();
  }

  get busy(): boolean {
    return this.current !== null;
  }
}
