import {
  type ConnectorDefinition,
  type EventDraft,
  type Problem,
  type RejectionReason,
} from '../../connectors/contract/connector';
import { canonicalProblems } from '../../connectors/contract/canonical-validation';
import { deterministicUuid, newId } from '../common/ids';
import { findEventDefinition } from '../domain/catalogue';
import { type CloudEvent, encodeEnvelope } from '../messaging/envelope';
import { type EventLog } from '../messaging/event-log.port';
import { type Topics } from '../messaging/topics';
import { type DeadLetterRecord } from '../persistence/repositories/projection.repository';
import { encodeDeadLetter } from './dead-letter-message';

export interface AcceptedEvent {
  id: string;
  type: string;
  subject: string;
}

export type IngestOutcome =
  | { status: 'ACCEPTED'; events: AcceptedEvent[] }
  | { status: 'REJECTED'; deadLetterId: string; reason: RejectionReason; problems: readonly Problem[] };

export interface IncomingRecord {
  bytes: Buffer;
  contentType: string | null;
  /** True when the body was cut at the size limit; the record is then rejected as OVERSIZED. */
  truncated?: boolean;
}

type Prepared = { events: CloudEvent[] } | { deadLetter: DeadLetterRecord };

/** Pure: drafts → CloudEvents with ids derived from the source record, so a re-send has the same ids. */
export function toCloudEvents(
  connector: ConnectorDefinition,
  drafts: readonly EventDraft[],
  receivedAt: string,
): CloudEvent[] {
  return drafts.map((draft) => ({
    specversion: '1.0',
    id: deterministicUuid(
      connector.id,
      draft.sourceRecordId,
      draft.sourceRecordVersion,
      draft.type,
      draft.subject,
    ),
    source: `urn:shieldline:connector:${connector.id}`,
    type: draft.type,
    subject: draft.subject,
    ...(draft.occurredAt ? { time: draft.occurredAt } : { timemissing: true }),
    datacontenttype: 'application/json',
    sourceversion: draft.sourceRecordVersion,
    receivedat: receivedAt,
    data: draft.data,
  }));
}

/**
 * The connector runtime's core: normalise, wrap each draft in a CloudEvent with a deterministic id,
 * publish keyed by aggregate, and send every reject to the dead-letter topic with its reason and the
 * original bytes. Returns only after the log acknowledged, so "accepted" means durable.
 * Errors from the log are ShieldlineErrors with retriable=true; callers answer 503 and nothing is lost.
 */
export class IngestService {
  constructor(
    private readonly eventLog: EventLog,
    private readonly topics: Topics,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async ingest(connector: ConnectorDefinition, record: IncomingRecord): Promise<IngestOutcome> {
    const [outcome] = await this.ingestBatch(connector, [record]);
    return outcome!;
  }

  /**
   * A batch of records from one source (a file, a bulk push): one publish for the accepted events and one
   * for the rejects, each acknowledged before this resolves. A bad record never holds back the others.
   */
  async ingestBatch(
    connector: ConnectorDefinition,
    records: readonly IncomingRecord[],
  ): Promise<IngestOutcome[]> {
    const receivedAt = this.clock().toISOString();
    const prepared = records.map((record) => this.prepare(connector, record, receivedAt));
    const events = prepared.flatMap((p) => ('events' in p ? p.events : []));
    const deadLetters = prepared.flatMap((p) => ('deadLetter' in p ? [p.deadLetter] : []));
    const byTopic = new Map<string, CloudEvent[]>();
    for (const event of events) {
      // Routed by the event's own agency, so a multi-agency connector feeds each agency's topic.
      const topic = this.topics[findEventDefinition(event.type)!.agency];
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), event]);
    }
    await Promise.all([
      ...[...byTopic].map(([topic, topicEvents]) =>
        this.eventLog.publish(
          topic,
          topicEvents.map((e) => ({
            key: e.subject,
            value: encodeEnvelope(e),
            headers: { 'ce-type': e.type },
          })),
        ),
      ),
      this.eventLog.publish(
        this.topics.deadLetter,
        deadLetters.map((d) => ({ key: connector.id, value: encodeDeadLetter(d) })),
      ),
    ]);
    return prepared.map((p) =>
      'events' in p
        ? {
            status: 'ACCEPTED',
            events: p.events.map((e) => ({ id: e.id, type: e.type, subject: e.subject })),
          }
        : {
            status: 'REJECTED',
            deadLetterId: p.deadLetter.deadLetterId,
            reason: p.deadLetter.reasonCode as RejectionReason,
            problems: p.deadLetter.problems,
          },
    );
  }

  private prepare(connector: ConnectorDefinition, record: IncomingRecord, receivedAt: string): Prepared {
    const reject = (reason: RejectionReason, problems: readonly Problem[]): Prepared => ({
      deadLetter: {
        deadLetterId: newId(),
        connector: connector.id,
        reasonCode: reason,
        message: problems.map((p) => (p.path ? `${p.path} ${p.message}` : p.message)).join('; '),
        problems,
        contentType: record.contentType,
        originalBytes: record.bytes,
        truncated: record.truncated ?? false,
        receivedAt,
      },
    });
    if (record.truncated) {
      return reject('OVERSIZED', [
        { path: '', message: `body exceeds the size limit (first ${record.bytes.length} bytes kept)` },
      ]);
    }
    const mediaType = record.contentType?.split(';')[0]?.trim().toLowerCase() ?? null;
    if (!mediaType || !connector.contentTypes.includes(mediaType)) {
      return reject('UNSUPPORTED_CONTENT_TYPE', [
        {
          path: '',
          message: `content type must be ${connector.contentTypes.join(' or ')}, got ${mediaType ?? 'none'}`,
        },
      ]);
    }
    const result = connector.normalize(record.bytes);
    if (!result.ok) return reject(result.rejection.reason, result.rejection.problems);
    // A draft that breaks the published contract is the connector's fault, but the record is still kept.
    const invalid = result.drafts.flatMap((draft, index) =>
      canonicalProblems(draft.type, draft.data, `/drafts/${index}/data`).map((p) => ({
        path: p.path,
        message: `${p.message} (connector ${connector.id} produced an event outside the catalogue)`,
      })),
    );
    if (invalid.length > 0) return reject('SCHEMA_INVALID', invalid);
    return { events: toCloudEvents(connector, result.drafts, receivedAt) };
  }
}
