import { type DataSource } from 'typeorm';
import { type EventLog } from '../messaging/event-log.port';
import { ReadPositionRepository } from '../persistence/repositories/read-positions.repository';

export interface ReseedResult {
  group: string;
  log: string;
  /** The positions forgotten, each with the reason it was halted (null when it was not). */
  forgotten: { topic: string; partition: number; next: string }[];
}

/**
 * After the event log changed under the projector (recreated cluster, recreated topic): forget every
 * stored position of its group and move the group back to the start of the log it reads now. On its
 * next start the projector replays that log from the beginning; events it already applied are
 * recognised by id and skipped, new ones are applied — so every event in the log is projected once,
 * and nothing that was projected before is lost (the projections and the event store are kept).
 *
 * The group must have no live member (Kafka refuses to move a live group): stop the projector first.
 */
export async function reseedProjector(
  dataSource: DataSource,
  eventLog: EventLog,
  group: string,
  topics: readonly string[],
): Promise<ReseedResult> {
  await eventLog.resetGroup(group, topics);
  const forgotten = await new ReadPositionRepository(dataSource).forget(group);
  return { group, log: await eventLog.identity(), forgotten };
}
