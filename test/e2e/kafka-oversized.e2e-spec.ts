import { createLogger } from '../../src/common/logger';
import { KafkaEventLog } from '../../src/messaging/kafka-event-log';
import { testKafkaBrokers, uniqueToken } from '../utils/test-hub';

/**
 * One caller's record that the broker refuses (over its 1 MiB message limit) must not fail the other
 * callers whose records shared its produce request: only the oversized one is refused, and as final.
 */
describe('a record too large for the broker, among others (real Kafka)', () => {
  it('should refuse only the oversized record, and say trying again cannot help', async () => {
    const log = new KafkaEventLog(testKafkaBrokers().split(','), 'oversized-test', createLogger('silent'));
    const topic = `oversized.${uniqueToken()}`;
    try {
      await log.ensureTopics([topic]);
      const small = (n: number) => ({ key: `k${n}`, value: Buffer.from(`{"n":${n}}`) });
      // The first publish keeps a request in flight, so the next two are sent together in one request.
      const first = log.publish(topic, [small(0)]);
      const oversized = log.publish(topic, [{ key: 'big', value: Buffer.alloc(1_500_000, 0x61) }]).then(
        () => null,
        (err: unknown) => err,
      );
      const neighbour = log.publish(topic, [small(1)]);
      await expect(first).resolves.toBeUndefined();
      await expect(neighbour).resolves.toBeUndefined();
      expect(await oversized).toMatchObject({ code: 'EVENT_LOG_PUBLISH_FAILED', retriable: false });
    } finally {
      await log.close();
    }
  });
});
