import { createServer } from 'node:net';
import { ShieldlineError } from '../../src/common/errors';
import { createLogger } from '../../src/common/logger';
import { decideOnFailure } from '../../src/common/failure-policy';
import { KafkaEventLog, retriableKafkaFailure } from '../../src/messaging/kafka-event-log';

/** A port nothing listens on (bound, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The real kafkajs client against a broker that is not there: a publish is refused within the
 * configured bound as retriable (the ingest door answers 503 retriable: true), never as a final failure.
 */
describe('event log publish while the broker is down (real kafkajs client)', () => {
  // The bound is the client's own timer (1.5 s here); the test asserts what the caller is told.
  it('should refuse a publish as retriable within the bound', async () => {
    const log = new KafkaEventLog(
      [`127.0.0.1:${await closedPort()}`],
      'down-test',
      createLogger('silent'),
      1500,
    );
    try {
      const error = await log.publish('any.topic', [{ key: 'k', value: Buffer.from('{}') }]).then(
        () => null,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(ShieldlineError);
      expect(error).toMatchObject({ retriable: true });
      expect(decideOnFailure(error)).toBe('RETRY');
    } finally {
      await log.close();
    }
  });

  it('should call only a broker’s refusal of the request itself final', () => {
    const outage = {
      name: 'KafkaJSNonRetriableError',
      retriable: false,
      cause: { name: 'KafkaJSConnectionError', retriable: true },
    };
    expect(retriableKafkaFailure(outage)).toBe(true);
    const tooLarge = {
      name: 'KafkaJSNonRetriableError',
      originalError: { name: 'KafkaJSProtocolError', retriable: false, type: 'MESSAGE_TOO_LARGE' },
    };
    expect(retriableKafkaFailure(tooLarge)).toBe(false);
  });
});
