import { ShieldlineError } from '../../src/common/errors';
import {
  type ConsumerHandle,
  type EventLog,
  type LogMessage,
  DEFAULT_MAX_MESSAGE_BYTES,
} from '../../src/messaging/event-log.port';

/**
 * A fake of the event-log port for unit tests: publishes are kept per topic in memory, and a test can
 * make the next publish fail as a broker outage does (retriable). No consumer: the services under test
 * only publish.
 */
export class InMemoryEventLog implements EventLog {
  readonly kind = 'postgres' as const;
  readonly published = new Map<string, LogMessage[]>();
  private failNext: Error | null = null;

  constructor(private readonly maxBytes = DEFAULT_MAX_MESSAGE_BYTES) {}

  /** The next publish rejects with a retriable EVENT_LOG_UNAVAILABLE. */
  failNextPublish(): void {
    this.failNext = new ShieldlineError('EVENT_LOG_UNAVAILABLE', 'the log is down (fake)', {
      retriable: true,
    });
  }

  messages(topic: string): LogMessage[] {
    return this.published.get(topic) ?? [];
  }

  identity(): Promise<string> {
    return Promise.resolve('in-memory');
  }
  maxMessageBytes(): number {
    return this.maxBytes;
  }
  resetGroup(): Promise<void> {
    return Promise.resolve();
  }
  ensureTopics(): Promise<void> {
    return Promise.resolve();
  }
  publish(topic: string, messages: readonly LogMessage[]): Promise<void> {
    if (this.failNext) {
      const err = this.failNext;
      this.failNext = null;
      return Promise.reject(err);
    }
    if (messages.length > 0) this.published.set(topic, [...this.messages(topic), ...messages]);
    return Promise.resolve();
  }
  startConsumer(): Promise<ConsumerHandle> {
    return Promise.reject(new Error('InMemoryEventLog has no consumers'));
  }
  ping(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}
