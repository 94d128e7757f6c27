import { filterInOrder } from './ordered-filter';

/** A source the test feeds by hand, like a subscriber's queue. */
function manualSource<T>() {
  const queue: T[] = [];
  let waiting: ((r: IteratorResult<T>) => void) | null = null;
  let ended = false;
  let returned = false;
  const iterator: AsyncIterator<T> = {
    next: () => {
      if (queue.length > 0) return Promise.resolve({ value: queue.shift()!, done: false });
      if (ended) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => (waiting = resolve));
    },
    return: () => {
      returned = true;
      ended = true;
      waiting?.({ value: undefined, done: true });
      return Promise.resolve({ value: undefined, done: true });
    },
  };
  return {
    iterable: { [Symbol.asyncIterator]: () => iterator },
    push(value: T) {
      if (waiting) {
        const resolve = waiting;
        waiting = null;
        resolve({ value, done: false });
      } else queue.push(value);
    },
    end() {
      ended = true;
      waiting?.({ value: undefined, done: true });
    },
    get returned() {
      return returned;
    },
    get queued() {
      return queue.length;
    },
  };
}

function deferred() {
  let resolve!: (allowed: boolean) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<boolean>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('filterInOrder', () => {
  it('starts every waiting event’s filter at once and yields the allowed ones in arrival order', async () => {
    const source = manualSource<number>();
    const decisions = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const filtered = filterInOrder(source.iterable, (n) => {
      started.push(n);
      return decisions[n]!.promise;
    });
    const first = filtered.next();
    source.push(0);
    source.push(1);
    source.push(2);
    // All three are being decided before the first is answered (their audits can share one append).
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    decisions[2]!.resolve(true);
    decisions[1]!.resolve(false);
    decisions[0]!.resolve(true);
    expect(await first).toEqual({ value: 0, done: false });
    expect(await filtered.next()).toEqual({ value: 2, done: false });
    source.end();
    expect(await filtered.next()).toEqual({ value: undefined, done: true });
  });

  it('ends with the error of a filter that fails, in its place, after the events before it', async () => {
    const source = manualSource<string>();
    const filtered = filterInOrder(source.iterable, (s) =>
      s === 'revoked' ? Promise.reject(new Error('token revoked')) : Promise.resolve(true),
    );
    source.push('a');
    source.push('revoked');
    expect(await filtered.next()).toEqual({ value: 'a', done: false });
    await expect(filtered.next()).rejects.toThrow('token revoked');
  });

  it('stops reading its source while it holds its bound, so the source’s own bound still applies', async () => {
    const source = manualSource<number>();
    const hold = deferred();
    const filtered = filterInOrder(source.iterable, () => hold.promise, 2);
    const first = filtered.next();
    for (let i = 0; i < 5; i++) source.push(i);
    await new Promise((resolve) => setImmediate(resolve));
    expect(source.queued).toBe(3);
    hold.resolve(true);
    expect(await first).toEqual({ value: 0, done: false });
  });

  it('ends the source when the subscription ends', async () => {
    const source = manualSource<number>();
    const filtered = filterInOrder(source.iterable, () => Promise.resolve(true));
    const pending = filtered.next();
    await filtered.return!();
    expect(source.returned).toBe(true);
    expect(await pending).toEqual({ value: undefined, done: true });
  });
});
