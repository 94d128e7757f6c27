import { GraphQLError } from 'graphql';
import { type PubSub } from 'type-graphql';
import { NO_TELEMETRY, type Telemetry } from '../../common/telemetry';

/**
 * The in-replica router from the change feed to open subscriptions (type-graphql's PubSub interface).
 * Each subscriber has its own bounded queue: a subscriber that falls `maxQueued` events behind is ended
 * with SUBSCRIBER_TOO_SLOW (the client reconnects and re-queries), and nobody else is affected. The
 * gateway never crashes or grows without bound because one dashboard stopped reading.
 */
export class BoundedPubSub implements PubSub {
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  droppedSubscribers = 0;

  constructor(
    private readonly maxQueued = 10_000,
    private readonly telemetry: Telemetry = NO_TELEMETRY,
  ) {}

  /** Hands the payload to every subscriber of the key; returns how many it reached. */
  publish(routingKey: string, ...args: unknown[]): number {
    const [id, payload] = args.length >= 2 ? [routingId(args[0]), args[1]] : [undefined, args[0]];
    let reached = 0;
    for (const subscriber of this.subscribers.get(key(routingKey, id)) ?? []) {
      if (subscriber.push(payload)) reached += 1;
      else {
        this.droppedSubscribers += 1;
        this.telemetry.subscriberDropped('too_slow');
      }
    }
    return reached;
  }

  subscribe(routingKey: string, dynamicId?: unknown): AsyncIterable<unknown> {
    const k = key(routingKey, dynamicId === undefined ? undefined : routingId(dynamicId));
    return {
      [Symbol.asyncIterator]: () => {
        const subscriber = new Subscriber(this.maxQueued, () => {
          const set = this.subscribers.get(k);
          set?.delete(subscriber);
          if (set?.size === 0) this.subscribers.delete(k);
          this.telemetry.subscriptionsOpened(-1);
        });
        this.telemetry.subscriptionsOpened(1);
        const set = this.subscribers.get(k) ?? new Set<Subscriber>();
        set.add(subscriber);
        this.subscribers.set(k, set);
        return subscriber;
      },
    };
  }

  subscriberCount(): number {
    let n = 0;
    for (const set of this.subscribers.values()) n += set.size;
    return n;
  }
}

/** Topic ids are police-area codes (strings); anything else is a programming error. */
function routingId(id: unknown): string {
  if (typeof id !== 'string') throw new TypeError(`subscription topic id must be a string, got ${typeof id}`);
  return id;
}

function key(routingKey: string, id: string | undefined): string {
  return id === undefined ? routingKey : `${routingKey}\u0000${id}`;
}

class Subscriber implements AsyncIterator<unknown> {
  private readonly queue: unknown[] = [];
  private waiting: ((result: IteratorResult<unknown>) => void) | null = null;
  private failWaiting: ((err: unknown) => void) | null = null;
  private failure: GraphQLError | null = null;
  private done = false;

  constructor(
    private readonly maxQueued: number,
    private readonly detach: () => void,
  ) {}

  /** false when this subscriber was dropped for falling too far behind. */
  push(payload: unknown): boolean {
    if (this.done) return true;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.failWaiting = null;
      resolve({ value: payload, done: false });
      return true;
    }
    if (this.queue.length >= this.maxQueued) {
      this.failure = new GraphQLError(
        `subscriber fell more than ${this.maxQueued} events behind and was dropped`,
        {
          extensions: { code: 'SUBSCRIBER_TOO_SLOW' },
        },
      );
      this.queue.length = 0;
      this.finish();
      return false;
    }
    this.queue.push(payload);
    return true;
  }

  next(): Promise<IteratorResult<unknown>> {
    if (this.queue.length > 0) return Promise.resolve({ value: this.queue.shift(), done: false });
    if (this.failure) return Promise.reject(this.failure);
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failWaiting = reject;
    });
  }

  return(): Promise<IteratorResult<unknown>> {
    this.finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.detach();
    if (this.waiting) {
      if (this.failure) this.failWaiting?.(this.failure);
      else this.waiting({ value: undefined, done: true });
      this.waiting = this.failWaiting = null;
    }
  }
}
