import {
  type ConnectorDefinition,
  type EventDraft,
  type NormalizeResult,
  type Problem,
  type RejectionReason,
  type SourceRecord,
} from '../../connectors/contract/connector';
import { errorMessage, ShieldlineError } from '../common/errors';
import { MAX_RECORD_BYTES } from '../../connectors/contract/flat-record';
import { hostileTextProblem } from '../../connectors/contract/hostile-text';
import { canonicalProblems } from '../../connectors/contract/canonical-validation';
import { deterministicUuid, newId } from '../common/ids';
import { findEventDefinition } from '../domain/catalogue';
import { HUB_CONNECTOR_IDS } from './hub-connectors';
import { type CloudEvent, encodeEnvelope } from '../messaging/envelope';
import { type EventLog, type LogMessage } from '../messaging/event-log.port';
import { type Topics } from '../messaging/topics';
import { type DeadLetterRecord } from '../messaging/dead-letter-message';
import { encodeDeadLetter } from '../messaging/dead-letter-message';
import { type EventContent, type RecordedEventLookup } from '../messaging/recorded-events.port';
import { secondsSince, type Telemetry } from '../common/telemetry';
import { carrierOf, inSpan } from '../common/tracing';
import { type Logger } from '../common/logger';

export interface AcceptedEvent {
  id: string;
  type: string;
  subject: string;
}

/**
 * ACCEPTED means durable in the event log. `duplicate` marks a record whose every event was already
 * recorded (or came earlier in the same batch): it is acknowledged with the same ids and not sent again.
 */
export type IngestOutcome =
  | { status: 'ACCEPTED'; duplicate: boolean; events: AcceptedEvent[] }
  | { status: 'REJECTED'; deadLetterId: string; reason: RejectionReason; problems: readonly Problem[] };

/** Where a record sat in what was sent: the payload (index in the batch) and the position inside it. */
export type RecordOutcome = IngestOutcome & { payloadIndex: number; position: number; locator: string };

/** One payload as received: a pushed message, an uploaded file, a dropped file, a re-driven record. */
export interface IncomingRecord {
  bytes: Buffer;
  contentType: string | null;
  /** True when the body was cut at the size limit; the record is then rejected as OVERSIZED. */
  truncated?: boolean;
  /**
   * True when the bytes are already one record (cut by a reader earlier, or a re-driven dead letter):
   * it is normalized as it is, never split again, so it can neither vanish nor become two.
   */
  single?: boolean;
}

const contentOf = (e: CloudEvent): EventContent => ({ data: e.data, time: e.time ?? null });

/** Most original bytes a dead letter keeps (its envelope must stay under the broker's 1 MiB limit). */
export const DEAD_LETTER_KEPT_BYTES = 512 * 1024;

type Prepared = { events: CloudEvent[] } | { deadLetter: DeadLetterRecord };
interface PreparedRecord {
  prepared: Prepared;
  /** The record as sent (kept for a dead letter decided after preparation). */
  source: { bytes: Buffer; contentType: string | null; truncated?: boolean };
  payloadIndex: number;
  position: number;
  locator: string;
}

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
    sourcerecordid: draft.sourceRecordId,
    ...(draft.recordKey === undefined ? {} : { sourcerecordkey: draft.recordKey }),
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
    private readonly recordedEvents: RecordedEventLookup = () =>
      Promise.resolve({ recorded: new Set(), conflicting: new Set(), sameContent: new Set() }),
    private readonly options: { maxEventBytes?: number; telemetry?: Telemetry; logger?: Logger } = {},
  ) {}

  /** The largest encoded event this service sends: the configured bound, or the log's if lower. */
  get maxEventBytes(): number {
    return Math.min(this.options.maxEventBytes ?? Number.POSITIVE_INFINITY, this.eventLog.maxMessageBytes());
  }

  /** One message (a JSON push, an XML document, a re-driven record). */
  async ingest(connector: ConnectorDefinition, record: IncomingRecord): Promise<IngestOutcome> {
    const outcomes = await this.ingestBatch(connector, [record]);
    if (outcomes.length !== 1) {
      throw new ShieldlineError(
        'INGEST_REFUSED',
        `expected one record, the payload held ${outcomes.length}; send files through ingestBatch`,
      );
    }
    return outcomes[0]!;
  }

  /**
   * Payloads from one source (pushes, a file, a bulk upload), each split into records by the connector's
   * reader for its media type: one publish per topic for the accepted events and one for the rejects,
   * each acknowledged before this resolves. A bad record never holds back the others. Outcomes come in
   * payload order, then record order.
   */
  ingestBatch(connector: ConnectorDefinition, payloads: readonly IncomingRecord[]): Promise<RecordOutcome[]> {
    return inSpan(
      `ingest ${connector.id}`,
      { 'shieldline.connector': connector.id, 'shieldline.payloads': payloads.length },
      () => this.ingestInSpan(connector, payloads),
    );
  }

  private async ingestInSpan(
    connector: ConnectorDefinition,
    payloads: readonly IncomingRecord[],
  ): Promise<RecordOutcome[]> {
    // Each event carries this ingest's trace context (CloudEvents distributed-tracing extension), so
    // its projection and delivery join the same trace.
    const carrier = carrierOf();
    const receivedAt = this.clock().toISOString();
    const prepared = payloads.flatMap((payload, payloadIndex) =>
      this.split(connector, payload).map((item) => ({
        payloadIndex,
        position: item.position,
        locator: item.locator,
        source: 'record' in item ? { bytes: item.record.bytes, contentType: item.record.mediaType } : payload,
        prepared:
          'record' in item
            ? this.prepare(connector, item.record, receivedAt)
            : this.deadLetter(connector, payload, item.rejection, receivedAt),
      })),
    );
    const { duplicates, conflicts } = await this.findDuplicates(prepared);
    for (const [index, problems] of conflicts) {
      const item = prepared[index]!;
      item.prepared = this.deadLetter(
        connector,
        item.source,
        { reason: 'VERSION_CONFLICT', problems },
        receivedAt,
      );
    }
    const byTopic = new Map<string, LogMessage[]>();
    const deadLetters: DeadLetterRecord[] = [];
    const maxEventBytes = this.maxEventBytes;
    prepared.forEach((item, index) => {
      if ('events' in item.prepared && !duplicates.has(index)) {
        const encoded = item.prepared.events.map((event) => ({
          event,
          value: encodeEnvelope({ ...event, ...carrier }),
        }));
        // An event the log would refuse is this record's problem, found before anything is sent: it
        // must not fail the produce request it would share with other records (or other senders).
        const tooLarge = encoded.filter((e) => e.value.length > maxEventBytes);
        if (tooLarge.length > 0) {
          const problems = tooLarge.map((e) => ({
            path: '',
            message: `its ${e.event.type} event is ${e.value.length} bytes; the event log takes at most ${maxEventBytes}`,
          }));
          item.prepared = this.deadLetter(
            connector,
            item.source,
            { reason: 'OVERSIZED', problems },
            receivedAt,
          );
        } else {
          for (const { event, value } of encoded) {
            // Routed by the event's own agency, so a multi-agency connector feeds each agency's topic.
            const topic = this.topics[findEventDefinition(event.type)!.agency];
            let list = byTopic.get(topic);
            if (!list) byTopic.set(topic, (list = []));
            list.push({ key: event.subject, value, headers: { 'ce-type': event.type } });
          }
        }
      }
      if ('deadLetter' in item.prepared) deadLetters.push(item.prepared.deadLetter);
    });
    await Promise.all([
      ...[...byTopic].map(([topic, messages]) => this.eventLog.publish(topic, messages)),
      this.eventLog.publish(
        this.topics.deadLetter,
        deadLetters.map((d) => ({ key: connector.id, value: encodeDeadLetter(d) })),
      ),
    ]);
    this.report(connector, prepared, duplicates);
    return prepared.map((item, index): RecordOutcome => {
      const where = { payloadIndex: item.payloadIndex, position: item.position, locator: item.locator };
      const p = item.prepared;
      return 'events' in p
        ? {
            ...where,
            status: 'ACCEPTED',
            duplicate: duplicates.has(index),
            events: p.events.map((e) => ({ id: e.id, type: e.type, subject: e.subject })),
          }
        : {
            ...where,
            status: 'REJECTED',
            deadLetterId: p.deadLetter.deadLetterId,
            reason: p.deadLetter.reasonCode as RejectionReason,
            problems: p.deadLetter.problems,
          };
    });
  }

  /** Counters per outcome, and each new event's time from its source's own clock to acceptance. */
  private report(
    connector: ConnectorDefinition,
    prepared: readonly PreparedRecord[],
    duplicates: ReadonlySet<number>,
  ): void {
    for (const item of prepared) {
      if (!('deadLetter' in item.prepared)) continue;
      const letter = item.prepared.deadLetter;
      // Once per rejected record: the reason and where, never its content (the dead letter keeps that).
      this.options.logger?.info('record rejected and dead-lettered', {
        connector: connector.id,
        reason: letter.reasonCode,
        deadLetterId: letter.deadLetterId,
        locator: item.locator,
        problems: letter.problems.length,
      });
    }
    const telemetry = this.options.telemetry;
    if (!telemetry) return;
    const acknowledgedAt = Date.now();
    const rejected = new Map<string, number>();
    let accepted = 0;
    let duplicated = 0;
    prepared.forEach((item, index) => {
      const p = item.prepared;
      if ('deadLetter' in p) {
        rejected.set(p.deadLetter.reasonCode, (rejected.get(p.deadLetter.reasonCode) ?? 0) + 1);
        return;
      }
      if (duplicates.has(index)) {
        duplicated += 1;
        return;
      }
      accepted += 1;
      for (const event of p.events) {
        const seconds = secondsSince(event.time, acknowledgedAt);
        if (seconds !== null) telemetry.stageReached(connector.id, 'accepted', seconds);
      }
    });
    if (accepted > 0) telemetry.recordsIngested(connector.id, 'accepted', null, accepted);
    if (duplicated > 0) telemetry.recordsIngested(connector.id, 'duplicate', null, duplicated);
    for (const [reason, count] of rejected) {
      telemetry.recordsIngested(connector.id, 'rejected', reason, count);
      telemetry.deadLettered(connector.id, reason, count);
    }
  }

  /**
   * Duplicates: records whose every event is already recorded, or came earlier in this batch, with the
   * same content — under the same id, or, for events with a source time, under another id for the same
   * connector, type and subject (a re-send whose transport minted a new message id), or under the same
   * record key and version. Conflicts: records with an event whose id (same source record and version),
   * or whose record key and version, was recorded or seen with different content — refused as
   * VERSION_CONFLICT, never silently dropped.
   */
  private async findDuplicates(
    prepared: readonly PreparedRecord[],
  ): Promise<{ duplicates: Set<number>; conflicts: Map<number, Problem[]> }> {
    const events = prepared.flatMap((p) =>
      'events' in p.prepared
        ? p.prepared.events.map((e) => ({
            id: e.id,
            source: e.source,
            type: e.type,
            subject: e.subject,
            content: contentOf(e),
            ...(e.sourcerecordkey === undefined
              ? {}
              : { recordKey: { key: e.sourcerecordkey, version: e.sourceversion ?? null } }),
          }))
        : [],
    );
    const duplicates = new Set<number>();
    const conflicts = new Map<number, Problem[]>();
    if (events.length === 0) return { duplicates, conflicts };
    const {
      recorded,
      conflicting,
      sameContent = new Set<string>(),
      sameVersionOtherContent = new Map<string, string>(),
    } = await this.recordedEvents(events);
    const seen = new Map<string, string>();
    // The same content for the same subject under another id earlier in this batch (a record sent twice
    // through middleware that minted a new message id): the same event.
    const seenContent = new Set<string>();
    // The same record (by the source's own key and version) earlier in this batch: its content and carrier.
    const seenRecord = new Map<string, { content: string; carriedBy: string }>();
    prepared.forEach((item, index) => {
      if (!('events' in item.prepared) || item.prepared.events.length === 0) return;
      const problems: Problem[] = [];
      let allKnown = true;
      for (const e of item.prepared.events) {
        const content = JSON.stringify(contentOf(e));
        const earlier = seen.get(e.id);
        if (conflicting.has(e.id) || (earlier !== undefined && earlier !== content)) {
          problems.push({
            path: '',
            message: `${e.type} for ${e.subject} was already accepted from this record version with different content; send the correction as a new record version`,
          });
        }
        const recordKey =
          e.sourcerecordkey === undefined
            ? null
            : JSON.stringify([e.source, e.type, e.subject, e.sourcerecordkey, e.sourceversion ?? null]);
        const sameRecord = recordKey === null ? undefined : seenRecord.get(recordKey);
        const heldUnder =
          sameVersionOtherContent.get(e.id) ??
          (earlier === undefined && sameRecord && sameRecord.content !== content
            ? sameRecord.carriedBy
            : null);
        if (heldUnder !== null && earlier === undefined) {
          problems.push({
            path: '',
            message: `${e.type} for ${e.subject} (${e.sourcerecordkey}, version ${e.sourceversion ?? 'none'}) was already accepted from message ${heldUnder} with different content; send the correction as a new version`,
          });
        }
        const contentKey = JSON.stringify([e.source, e.type, e.subject, content]);
        const resentUnderNewId =
          sameContent.has(e.id) ||
          (earlier === undefined && e.time !== undefined && seenContent.has(contentKey)) ||
          (earlier === undefined && sameRecord !== undefined && sameRecord.content === content);
        if (!recorded.has(e.id) && earlier === undefined && !resentUnderNewId) allKnown = false;
        if (earlier === undefined) seen.set(e.id, content);
        if (e.time !== undefined) seenContent.add(contentKey);
        if (recordKey !== null && !sameRecord)
          seenRecord.set(recordKey, { content, carriedBy: e.sourcerecordid ?? e.id });
      }
      if (problems.length > 0) conflicts.set(index, problems);
      else if (allKnown) duplicates.add(index);
    });
    return { duplicates, conflicts };
  }

  /** Payload → records with the connector's reader; a payload no reader accepts is one rejected record. */
  private split(
    connector: ConnectorDefinition,
    payload: IncomingRecord,
  ): ({ record: SourceRecord; position: number; locator: string } | PayloadRejection)[] {
    const whole = { position: 1, locator: 'whole body' };
    if (payload.truncated) {
      return [
        {
          ...whole,
          rejection: {
            reason: 'OVERSIZED',
            problems: [
              { path: '', message: `body exceeds the size limit (first ${payload.bytes.length} bytes kept)` },
            ],
          },
        },
      ];
    }
    const mediaType = payload.contentType?.split(';')[0]?.trim().toLowerCase() ?? null;
    const reader = mediaType ? connector.readers[mediaType] : undefined;
    if (!reader) {
      const accepted = Object.keys(connector.readers).join(' or ');
      return [
        {
          ...whole,
          rejection: {
            reason: 'UNSUPPORTED_CONTENT_TYPE',
            problems: [{ path: '', message: `content type must be ${accepted}, got ${mediaType ?? 'none'}` }],
          },
        },
      ];
    }
    if (payload.single) {
      const record = { position: 1, locator: 'record', bytes: payload.bytes, mediaType: mediaType! };
      return [{ record, position: 1, locator: 'record' }];
    }
    return reader(payload.bytes).map((record) => ({
      record,
      position: record.position,
      locator: record.locator,
    }));
  }

  private deadLetter(
    connector: ConnectorDefinition,
    record: { bytes: Buffer; contentType: string | null; truncated?: boolean },
    rejection: { reason: RejectionReason; problems: readonly Problem[] },
    receivedAt: string,
  ): Prepared {
    const { problems } = rejection;
    // Keep the evidence, but not so much that the dead letter itself cannot be published: a huge
    // hostile record is kept up to DEAD_LETTER_KEPT_BYTES and marked truncated (then not re-drivable).
    const tooBig = record.bytes.length > DEAD_LETTER_KEPT_BYTES;
    return {
      deadLetter: {
        deadLetterId: newId(),
        connector: connector.id,
        reasonCode: rejection.reason,
        message: problems.map((p) => (p.path ? `${p.path} ${p.message}` : p.message)).join('; '),
        problems,
        contentType: record.contentType,
        originalBytes: tooBig ? record.bytes.subarray(0, DEAD_LETTER_KEPT_BYTES) : record.bytes,
        truncated: (record.truncated ?? false) || tooBig,
        receivedAt,
      },
    };
  }

  private prepare(connector: ConnectorDefinition, record: SourceRecord, receivedAt: string): Prepared {
    const result = checkRecord(connector, record);
    if (!result.ok) {
      const asSent = { bytes: record.bytes, contentType: record.mediaType };
      return this.deadLetter(connector, asSent, result.rejection, receivedAt);
    }
    return { events: toCloudEvents(connector, result.drafts, receivedAt) };
  }
}

/**
 * Pure: what ingest will make of one record — the connector's normalize, then every draft checked
 * against the canonical catalogue. `shieldline check` runs exactly this without sending anything.
 */
export function checkRecord(connector: ConnectorDefinition, record: SourceRecord): NormalizeResult {
  if (record.bytes.length > MAX_RECORD_BYTES) {
    return {
      ok: false,
      rejection: {
        reason: 'OVERSIZED',
        problems: [
          { path: '', message: `record is ${record.bytes.length} bytes; the limit is ${MAX_RECORD_BYTES}` },
        ],
      },
    };
  }
  let result: NormalizeResult;
  try {
    result = connector.normalize(record.bytes, record.mediaType);
  } catch (err) {
    // Normalizers are pure: whatever one throws on (XML nested past the parser's limit, an unclosed
    // processing instruction) is about these bytes, so sending them again cannot help. A 4xx with a dead
    // letter, never a retriable 5xx a compliant sender would repeat forever.
    return {
      ok: false,
      rejection: {
        reason: 'UNPARSEABLE',
        problems: [{ path: '', message: `the record could not be read: ${errorMessage(err)}` }],
      },
    };
  }
  if (!result.ok) return result;
  // An event only the hub emits (a reviewer's decision) is refused from every source: no door may forge one.
  const hubOnly = result.drafts.flatMap((draft, index) =>
    findEventDefinition(draft.type)?.origin === 'hub' && !HUB_CONNECTOR_IDS.has(connector.id)
      ? [
          {
            path: `/drafts/${index}/type`,
            message: `${draft.type} is made by the hub itself, never accepted from a source`,
          },
        ]
      : [],
  );
  if (hubOnly.length > 0) return { ok: false, rejection: { reason: 'UNKNOWN_CODE', problems: hubOnly } };
  // Text that would run as a formula when an analyst opens an export in a spreadsheet, or that hides
  // control characters, is refused whichever connector it came through (defence in depth).
  const hostile = result.drafts.flatMap((draft, index) => hostileText(draft.data, `/drafts/${index}/data`));
  if (hostile.length > 0)
    return { ok: false, rejection: { reason: 'FORBIDDEN_CONSTRUCT', problems: hostile } };
  // A draft that breaks the published contract is the connector's fault, but the record is still kept.
  const invalid = result.drafts.flatMap((draft, index) =>
    canonicalProblems(draft.type, draft.data, `/drafts/${index}/data`).map((p) => ({
      path: p.path,
      message: `${p.message} (connector ${connector.id} produced an event outside the catalogue)`,
    })),
  );
  return invalid.length > 0
    ? { ok: false, rejection: { reason: 'SCHEMA_INVALID', problems: invalid } }
    : result;
}

function hostileText(value: unknown, path: string): Problem[] {
  if (typeof value === 'string') {
    const problem = hostileTextProblem(value);
    return problem ? [{ path, message: problem }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => hostileText(v, `${path}/${i}`));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([k, v]) => hostileText(v, `${path}/${k}`));
  return [];
}

type PayloadRejection = {
  position: number;
  locator: string;
  rejection: { reason: RejectionReason; problems: readonly Problem[] };
};
