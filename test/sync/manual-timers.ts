import type { Timers } from '../../src/sync/engine.ts';

/** Fake timers for the engine alone (fake-indexeddb keeps its real scheduling). */
export class ManualTimers implements Timers {
  now = 0;
  private next = 1;
  readonly pending = new Map<number, { at: number; fn: () => void }>();
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** Moves time forward, firing due timers in order; returns how many fired. */
  advance(ms: number): number {
    const end = this.now + ms;
    let fired = 0;
    for (;;) {
      const due = [...this.pending.entries()]
        .filter(([, t]) => t.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
      fired++;
    }
    this.now = end;
    return fired;
  }
  delays(): number[] {
    return [...this.pending.values()].map((t) => t.at - this.now).sort((a, b) => a - b);
  }
}

/**
 * Waits in real time (IndexedDB keeps working) until `ok` holds, at most `ms`. Better than a fixed pause on a
 * loaded machine: it returns as soon as the engine got there, and the assertion after it says what did not.
 */
export async function until(ok: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}
