/**
 * A subscription's filter, run on every event as it arrives rather than one event after another: events
 * are yielded in the order they arrived, each only once its own filter has resolved (the filter decides,
 * redacts and audits; nothing is sent before its audit record commits).
 *
 * Why not graphql-yoga's `filter` operator, which type-graphql applies: it awaits each event's filter
 * before it pulls the next. A filter that audits waits for one audit append to commit, so one subscriber
 * could take at most one event per audit round trip — under load a few hundred a second, after which its
 * latency grew into seconds (issue #18). Filtering the waiting events together lets their audit records
 * go in one append (AuditRepository batches what is recorded in one tick).
 *
 * At most `maxInFlight` events are held here; past that the source is not read, so its own bound (the
 * subscriber's queue, src/api/subscriptions/bounded-pub-sub.ts) still drops a subscriber that stops
 * reading.
 */
export function filterInOrder<T>(
  source: AsyncIterable<T>,
  filter: (payload: T) => Promise<boolean>,
  maxInFlight = 256,
): AsyncIterableIterator<T> {
  return new OrderedFilter(source[Symbol.asyncIterator](), filter, maxInFlight);
}

class OrderedFilter<T> implements AsyncIterableIterator<T> {
  private readonly pending: { payload: T; allowed: Promise<boolean> }[] = [];
  private started = false;
  private sourceEnded = false;
  private sourceFailure: { error: unknown } | null = null;
  private closed = false;
  private wakeReader: (() => void) | null = null;
  private wakePump: (() => void) | null = null;

  constructor(
    private readonly source: AsyncIterator<T>,
    private readonly filter: (payload: T) => Promise<boolean>,
    private readonly maxInFlight: number,
  ) {}

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  async next(): Promise<IteratorResult<T>> {
    if (!this.started) {
      this.started = true;
      void this.pump();
    }
    for (;;) {
      if (this.closed) return { value: undefined, done: true };
      const head = this.pending[0];
      if (head) {
        let allowed: boolean;
        try {
          allowed = await head.allowed;
        } finally {
          this.pending.shift();
          this.wake('pump');
        }
        if (allowed && !this.closed) return { value: head.payload, done: false };
        continue;
      }
      if (this.sourceEnded) {
        const failure = this.sourceFailure;
        this.sourceFailure = null;
        if (failure) throw failure.error;
        return { value: undefined, done: true };
      }
      await new Promise<void>((resolve) => (this.wakeReader = resolve));
    }
  }

  async return(): Promise<IteratorResult<T>> {
    this.closed = true;
    this.wake('pump');
    this.wake('reader');
    await this.source.return?.();
    return { value: undefined, done: true };
  }

  /** Reads the source while there is room, starting each event's filter as it arrives. */
  private async pump(): Promise<void> {
    try {
      while (!this.closed) {
        if (this.pending.length >= this.maxInFlight) {
          await new Promise<void>((resolve) => (this.wakePump = resolve));
          continue;
        }
        const next = await this.source.next();
        if (next.done) break;
        const allowed = Promise.resolve().then(() => this.filter(next.value));
        // Awaited in order by next(); a rejection is handled there, not reported as unhandled meanwhile.
        allowed.catch(() => undefined);
        this.pending.push({ payload: next.value, allowed });
        this.wake('reader');
      }
    } catch (error) {
      this.sourceFailure = { error };
    } finally {
      this.sourceEnded = true;
      this.wake('reader');
    }
  }

  private wake(which: 'reader' | 'pump'): void {
    const resolve = which === 'reader' ? this.wakeReader : this.wakePump;
    if (which === 'reader') this.wakeReader = null;
    else this.wakePump = null;
    resolve?.();
  }
}
