import {
  type ConnectorDefinition,
  type Problem,
  type RejectionReason,
} from '../../connectors/contract/connector';
import { deterministicUuid, newId } from '../common/ids';
import { type CloudEvent, encodeEnvelope } from '../messaging/envelope';
import { type EventLog } from '../messaging/event-log.port';
import { type Topics } from '../messaging/topics';
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
    const receivedAt = this.clock().toISOString();
    const mediaType = record.contentType?.split(';')[0]?.trim().toLowerCase() ?? null;
    if (record.truncated) {
      return this.deadLetter(connector, record, receivedAt, 'OVERSIZED', [
        { path: '', message: `body exceeds the size limit (first ${record.bytes.length} bytes kept)` },
      ]);
    }
    if (!mediaType || !connector.contentTypes.includes(mediaType)) {
      return this.deadLetter(connector, record, receivedAt, 'UNSUPPORTED_CONTENT_TYPE', [
        {
          path: '',
          message: `content type must be ${connector.contentTypes.join(' or ')}, got ${mediaType ?? 'none'}`,
        },
      ]);
    }
    const result = connector.normalize(record.bytes);
    if (!result.ok) {
      return this.deadLetter(
        connector,
        record,
        receivedAt,
        result.rejection.reason,
        result.rejection.problems,
      );
    }
    const events: CloudEvent[] = result.drafts.map((draft) => ({
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
      receivedat: receivedAt,
      data: draft.data,
    }));
    await this.eventLog.publish(
      this.topics[connector.agency],
      events.map((e) => ({ key: e.subject, value: encodeEnvelope(e), headers: { 'ce-type': e.type } })),
    );
    return {
      status: 'ACCEPTED',
      events: events.map((e) => ({ id: e.id, type: e.type, subject: e.subject })),
    };
  }

  private async deadLetter(
    connector: ConnectorDefinition,
    record: IncomingRecord,
    receivedAt: string,
    reason: RejectionReason,
    problems: readonly Problem[],
  ): Promise<IngestOutcome> {
    const deadLetterId = newId();
    const message = problems.map((p) => (p.path ? `${p.path} ${p.message}` : p.message)).join('; ');
    await this.eventLog.publish(this.topics.deadLetter, [
      {
        key: connector.id,
        value: encodeDeadLetter({
          deadLetterId,
          connector: connector.id,
          reasonCode: reason,
          message,
          problems,
          contentType: record.contentType,
          originalBytes: record.bytes,
          truncated: record.truncated ?? false,
          receivedAt,
        }),
      },
    ]);
    return { status: 'REJECTED', deadLetterId, reason, problems };
  }
}
