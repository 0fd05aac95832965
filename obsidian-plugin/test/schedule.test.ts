import assert from "node:assert/strict";
import { test } from "node:test";
import { longestWaitMs, OneAtATime, Timers, UpdateScheduler } from "../src/schedule";

/** Timers that fire only when the test says so, on a clock the test moves. */
class ManualTimers implements Timers {
  pending = new Map<number, () => void>();
  due = new Map<number, number>();
  time = 0;
  private next = 0;
  set(callback: () => void, ms: number): number {
    this.next += 1;
    this.pending.set(this.next, callback);
    this.due.set(this.next, this.time + ms);
    return this.next;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
    this.due.delete(handle as number);
  }
  now(): number {
    return this.time;
  }
  fireAll(): void {
    const callbacks = [...this.pending.values()];
    this.pending.clear();
    this.due.clear();
    for (const callback of callbacks) callback();
  }
  /** Move the clock on, firing what falls due. */
  advance(ms: number): void {
    this.time += ms;
    for (const [handle, at] of [...this.due]) {
      if (at <= this.time) {
        const callback = this.pending.get(handle)!;
        this.clear(handle);
        callback();
      }
    }
  }
}

/** An update that stays running until the test releases it. */
function gatedUpdate() {
  const releases: (() => void)[] = [];
  let runs = 0;
  let running = 0;
  let overlapped = false;
  const update = () =>
    new Promise<void>((resolve) => {
      runs += 1;
      running += 1;
      if (running > 1) overlapped = true;
      releases.push(() => {
        running -= 1;
        resolve();
      });
    });
  const releaseNext = async () => {
    while (releases.length === 0) await new Promise((r) => setImmediate(r));
    releases.shift()!();
  };
  return { update, releaseNext, stats: () => ({ runs, overlapped }) };
}

test("a burst of changes is one update, after the quiet time", async () => {
  const timers = new ManualTimers();
  const gate = gatedUpdate();
  const scheduler = new UpdateScheduler(gate.update, timers, 1000);
  for (let i = 0; i < 50; i++) scheduler.changed();
  assert.equal(timers.pending.size, 1, "each change restarts the one timer");
  assert.equal(gate.stats().runs, 0, "nothing runs before the quiet time");
  timers.fireAll();
  await gate.releaseNext();
  await new Promise((r) => setImmediate(r));
  assert.equal(gate.stats().runs, 1);
  assert.equal(scheduler.busy, false);
});

test("while an update runs, any number of requests queue exactly one more", async () => {
  const gate = gatedUpdate();
  const scheduler = new UpdateScheduler(gate.update, new ManualTimers(), 1000);
  const first = scheduler.now();
  const more = [scheduler.now(), scheduler.now(), scheduler.now()];
  await gate.releaseNext();
  await gate.releaseNext();
  await Promise.all([first, ...more]);
  assert.deepEqual(gate.stats(), { runs: 2, overlapped: false });
});

test("an update asked for now cancels the pending debounced one", async () => {
  const timers = new ManualTimers();
  const gate = gatedUpdate();
  const scheduler = new UpdateScheduler(gate.update, timers, 1000);
  scheduler.changed();
  const done = scheduler.now();
  assert.equal(timers.pending.size, 0);
  await gate.releaseNext();
  await done;
  assert.equal(gate.stats().runs, 1);
});

test("one at a time: tasks never overlap, and a failing task does not block the next", async () => {
  const queue = new OneAtATime();
  let running = 0;
  let most = 0;
  const order: string[] = [];
  const task = (name: string, fail = false) => async () => {
    running += 1;
    most = Math.max(most, running);
    await new Promise((r) => setImmediate(r));
    order.push(name);
    running -= 1;
    if (fail) throw new Error(name);
    return name;
  };
  const results = await Promise.allSettled([queue.run(task("a")), queue.run(task("b", true)), queue.run(task("c"))]);
  assert.equal(most, 1);
  assert.deepEqual(order, ["a", "b", "c"]);
  assert.deepEqual(
    results.map((r) => r.status),
    ["fulfilled", "rejected", "fulfilled"],
  );
});

test("stopped (the plugin unloaded) during an update: the queued one never starts, nor any later", async () => {
  const timers = new ManualTimers();
  const gate = gatedUpdate();
  const scheduler = new UpdateScheduler(gate.update, timers, 1000);
  const first = scheduler.now();
  void scheduler.now(); // queued behind the first
  scheduler.stop();
  await gate.releaseNext();
  await first;
  scheduler.changed();
  assert.equal(timers.pending.size, 0, "no new debounced update");
  await scheduler.now();
  assert.equal(gate.stats().runs, 1);
  assert.equal(scheduler.busy, false);
});

test("changes that never stop still get an update, at the longest wait, then the wait starts again", async () => {
  const timers = new ManualTimers();
  const gate = gatedUpdate();
  const scheduler = new UpdateScheduler(gate.update, timers, 2000);
  const longest = longestWaitMs(2000);
  assert.equal(longest, 60_000);
  // A note rewritten every second by something else: never two quiet seconds.
  for (let t = 0; t < longest - 1000; t += 1000) {
    scheduler.changed();
    timers.advance(1000);
  }
  assert.equal(gate.stats().runs, 0, "the quiet time restarts while changes come");
  scheduler.changed();
  timers.advance(1000);
  assert.equal(gate.stats().runs, 1, "one update when the first change has waited the longest wait");
  await gate.releaseNext();
  await new Promise((r) => setImmediate(r));
  // After it, a single change waits only the quiet time again.
  scheduler.changed();
  timers.advance(1999);
  assert.equal(gate.stats().runs, 1);
  timers.advance(1);
  assert.equal(gate.stats().runs, 2);
  await gate.releaseNext();
});
