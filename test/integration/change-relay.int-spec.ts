import { type DataSource } from 'typeorm';
import { createLogger } from '../../src/common/logger';
import { type ConsumedMessage } from '../../src/messaging/event-log.port';
import { PostgresEventLog } from '../../src/messaging/postgres-event-log';
import { topicNames } from '../../src/messaging/topics';
import { openDatabase } from '../../src/persistence/data-source';
import { ProjectionRepository } from '../../src/persistence/repositories/projection.repository';
import { ChangeRelay } from '../../src/projection/change-relay';
import { expectEventually, testDatabaseUrl, uniqueToken } from '../utils/test-hub';

/**
 * Deployments with different topic prefixes may share one database (as the test suites do). Each relay
 * publishes its own deployment's change feed only: another's rows wait for their own relay, instead of
 * being sent to a topic this deployment's log does not hold.
 */
describe('change relay (real PostgreSQL, table event log)', () => {
  let dataSource: DataSource;
  let log: PostgresEventLog;

  beforeAll(async () => {
    dataSource = await openDatabase(testDatabaseUrl(), 4);
    log = new PostgresEventLog(dataSource, createLogger('silent'));
  });

  afterAll(async () => {
    await log.close();
    await dataSource.destroy();
  });

  it("should relay its own change feed and leave another deployment's rows to that deployment", async () => {
    const ours = topicNames(`t${uniqueToken()}.`).changes;
    const theirs = topicNames(`t${uniqueToken()}.`).changes;
    await log.ensureTopics([ours, theirs]);
    const key = `order-${uniqueToken()}`;
    const repository = new ProjectionRepository(dataSource.manager);
    await repository.enqueueChanges(ours, [{ key, payload: { eventId: 'ours-1' } }]);
    await repository.enqueueChanges(theirs, [{ key, payload: { eventId: 'theirs-1' } }]);

    await new ChangeRelay(dataSource, log, ours, `relay-${uniqueToken()}`, createLogger('silent')).flush();

    const received: ConsumedMessage[] = [];
    const consumer = await log.startConsumer({
      groupId: `g-${uniqueToken()}`,
      topics: [ours, theirs],
      fromBeginning: true,
      handleBatch: (batch) => {
        received.push(...batch.messages);
        return Promise.resolve();
      },
    });
    try {
      await consumer.ready;
      await expectEventually(() =>
        expect(received.map((m) => [m.topic, JSON.parse(m.value.toString('utf8')) as unknown])).toEqual([
          [ours, { eventId: 'ours-1' }],
        ]),
      );
    } finally {
      await consumer.stop();
    }
    const waiting = await dataSource.query<{ topic: string; claimed_by: string | null }[]>(
      'SELECT topic, claimed_by FROM change_outbox WHERE topic = ANY($1)',
      [[ours, theirs]],
    );
    expect(waiting).toEqual([{ topic: theirs, claimed_by: null }]);
    await dataSource.query('DELETE FROM change_outbox WHERE topic = $1', [theirs]);
  });
});
