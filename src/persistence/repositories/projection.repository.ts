import { type EntityManager } from 'typeorm';
import { type DeadLetterRecord } from '../../messaging/dead-letter-message';
import { type AlertRow } from '../tables';
import { type PartyData, type PersonLinkDecidedData } from '../../domain/canonical-events';
import { nameKey } from '../../domain/person-identity';
import { type CloudEvent } from '../../messaging/envelope';
import { contentDigestSql } from '../content-digest';
import {
  DELIVERY_QUEUE,
  deliveryAttemptJob,
  type JobQueue,
  VICTIM_QUEUE,
  victimAttemptJob,
  type ScheduledJob,
} from '../job-queue';
import { DELIVERY_FAILED_MESSAGE, DeliveryRepository } from './delivery.repository';
import { forceLeadsOf } from './clock.repository';
import { STREAM_LOCK_SPACE } from './stream-locks';
import { bulkUpsert, jsonElements } from '../columns';
import { BAIL, BREACH, CASE_RECORD, NOTICE, PROTECTIVE_ORDER } from '../tables';
import { routeDeliveries } from '../delivery-routing';
import { notifiableOccurrences } from '../victim-routing';
import {
  VICTIM_NOTIFICATION_FAILED_MESSAGE,
  VictimNotificationRepository,
} from './victim-notification.repository';
import { type ChangeMessage } from '../../messaging/change-messages';
import { AcknowledgementRepository, type NewNotification } from './acknowledgement.repository';
import {
  type BailState,
  type BreachState,
  type CaseState,
  type ComputedDeadline,
  type NoticeState,
  type OrderState,
  type RaisedAlert,
  type ScoredLink,
} from '../../domain/projection-state';
import { type MatchablePerson } from '../../domain/person-matching';
import { addressKey } from '../../domain/linkage/comparisons';
import { readBlocks } from './linkage-blocks';

export interface LogPosition {
  topic: string;
  partition: number;
  offset: string;
}

export interface PersonSighting {
  personId: string;
  basis: string;
  party: PartyData;
  event: CloudEvent;
  role: string;
}

export interface TimelinePlacement {
  event: CloudEvent;
  aggregate: string;
  agency: string;
  summary: string;
}

/** The person columns upsertPeople takes from the earliest assertion, in its parameters' order. */
const PERSON_SHOWN_COLUMNS = [
  'pnc_id',
  'cro_number',
  'given_name',
  'family_name',
  'name_key',
  'date_of_birth',
];
const PERSON_FIRST_SEEN_COLUMNS = ['first_seen_event', 'first_seen_at', 'first_seen_role'];
const PERSON_COLUMNS = [
  'person_id',
  ...PERSON_SHOWN_COLUMNS,
  'identity_basis',
  ...PERSON_FIRST_SEEN_COLUMNS,
].join(', ');

/** The advisory lock (in the stream-lock space) a rebuild holds exclusively and each scorer shares. */
const LINK_SCORING_LOCK = 0x6c6b7363; // "lksc"; stream locks use hashtext values, a collision only waits

/** How many others the link scorer scores a person against: a block is bounded at national scale. */
const LINKAGE_BLOCK_LIMIT = 500;

/** Every table the projector derives from the event store (not the store, offsets, outbox or audit). */
export const PROJECTION_TABLES = [
  'person',
  'person_assertion',
  'person_link_candidate',
  'person_link_decision',
  'person_link_pending',
  'protective_order',
  'bail',
  'notice',
  'breach',
  'case_party',
  'case_record',
  'deadline',
  'alert',
  'timeline_entry',
  'event_stream',
] as const;

/**
 * Writes made by the projector, always inside its one transaction per batch (the caller passes the
 * transaction's EntityManager). Set-based: one statement per table per batch, so a batch of hundreds of
 * events costs a handful of round-trips. The only place with projection SQL.
 */
export class ProjectionRepository {
  /** `clocks` null ⇒ no timers are scheduled (a rebuild: the clock worker's start sweep schedules them). */
  constructor(
    private readonly db: EntityManager,
    private readonly clocks: JobQueue | null = null,
  ) {}

  /** Empties every projection table (a rebuild, inside its transaction). */
  async truncateProjections(): Promise<void> {
    await this.db.query(`TRUNCATE ${PROJECTION_TABLES.join(', ')}`);
  }

  /** The stored events after `after` in receipt order, `limit` at a time (a rebuild's chunks). */
  async storedEventsAfter(
    after: { receivedAt: string; eventId: string } | null,
    limit: number,
  ): Promise<{ envelope: CloudEvent; receivedAt: string; eventId: string }[]> {
    const rows: { envelope: CloudEvent; received_at: string; event_id: string }[] = await this.db.query(
      `SELECT envelope, received_at::text, event_id::text FROM event_store
       WHERE $1::timestamptz IS NULL OR (received_at, event_id) > ($1::timestamptz, $2::uuid)
       ORDER BY received_at, event_id LIMIT $3`,
      [after?.receivedAt ?? null, after?.eventId ?? null, limit],
    );
    return rows.map((r) => ({ envelope: r.envelope, receivedAt: r.received_at, eventId: r.event_id }));
  }

  /** Schedules timers in this transaction: a clock and its timers commit together. */
  async scheduleJobs(queue: string, jobs: readonly ScheduledJob<object>[]): Promise<void> {
    if (!this.clocks) return;
    await this.clocks.schedule(this.db, queue, jobs);
  }

  /** Forces' own DUE_SOON lead times for these areas (only live folds schedule timers). */
  forceLeads(policeAreas: readonly (string | null)[]): Promise<Map<string, Record<string, number>>> {
    return this.clocks
      ? forceLeadsOf(this.db, policeAreas)
      : Promise.resolve(new Map<string, Record<string, number>>());
  }

  /** Records the first announcement of orders to their force (only live folds announce). */
  recordNotifications(
    rows: readonly { orderId: string; policeArea: string; streamKey: string; changeEventId: string }[],
  ): Promise<NewNotification[]> {
    return new AcknowledgementRepository(this.db).recordNotifications(rows);
  }

  /**
   * The alerts the hub raised itself on these streams — clock transitions and escalations of orders not
   * acknowledged — kept through a re-fold and restored by a rebuild.
   */
  async hubAlerts(streamKeys: readonly string[]): Promise<RaisedAlert[]> {
    if (streamKeys.length === 0) return [];
    // raised_at as text: the full precision the firing wrote (a Date would keep milliseconds only).
    const rows = await this.db.query<
      (Omit<AlertRow, 'raised_at' | 'restricted_to'> & { raised_at: string })[]
    >(
      `SELECT alert_id::text, stream_key, kind, message, citation, police_area, subject_ref, raised_by::text,
              due_instant::text AS raised_at
       FROM clock_transition WHERE stream_key = ANY($1::text[])
       UNION ALL
       SELECT alert_id::text, stream_key, 'ORDER_NOT_ACKNOWLEDGED', message, NULL, police_area, subject_ref,
              raised_by::text, escalated_at::text
       FROM order_escalation WHERE stream_key = ANY($1::text[])
       UNION ALL
       SELECT failure_alert_id::text, stream_key, 'DELIVERY_FAILED', ${DELIVERY_FAILED_MESSAGE}, NULL,
              police_area, subject_ref, raised_by::text, failed_at::text
       FROM delivery WHERE failed_at IS NOT NULL AND stream_key = ANY($1::text[])
       UNION ALL
       SELECT failure_alert_id::text, stream_key, 'VICTIM_NOTIFICATION_FAILED', ${VICTIM_NOTIFICATION_FAILED_MESSAGE},
              NULL, police_area, subject_ref, raised_by::text, failed_at::text
       FROM victim_notification WHERE failed_at IS NOT NULL AND stream_key = ANY($1::text[])`,
      [[...streamKeys]],
    );
    return rows.map((r) => ({
      alertId: r.alert_id,
      streamKey: r.stream_key,
      kind: r.kind,
      message: r.message,
      citation: r.citation,
      policeArea: r.police_area,
      subjectRef: r.subject_ref,
      raisedBy: r.raised_by,
      raisedAt: r.raised_at,
    }));
  }

  /**
   * Records the events — each envelope stored as the text it was logged with, when given — and returns the
   * ids that were new (the rest were applied before: re-sends, redeliveries).
   */
  async recordEvents(
    events: readonly { event: CloudEvent; text?: string; at: LogPosition }[],
  ): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    const rows = await this.db.query<{ event_id: string }[]>(
      // An event whose connector, type, subject and content (data and source time) are already held under
      // another id — a record re-sent through middleware that minted a new message id — is the event
      // already held: not recorded again, so it is neither folded nor on a timeline twice. Within the
      // batch the first in log order stands. Only events with a source time: two identical reports
      // without one may be two occurrences, and both are kept. One stream's events are folded by one
      // consumer, so this check cannot race.
      `WITH received AS (
         SELECT i.*, i.envelope::jsonb AS env
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[],
                     ${jsonElements(7, 'json')}, $8::text[], $9::int[], $10::bigint[], $11::text[], $12::text[])
              WITH ORDINALITY AS i(event_id, type, source, subject, occurred_at, received_at, envelope, log_topic,
                                   log_partition, log_offset, source_record_id, source_version, n)
       ), incoming AS (
         SELECT *, ${contentDigestSql('env')} AS digest, (env ->> 'time') IS NOT NULL AS timed FROM received
       ), first_of_content AS (
         SELECT DISTINCT ON (source, type, subject, same) *
         FROM (SELECT *, CASE WHEN timed THEN digest ELSE event_id::text END AS same FROM incoming) keyed
         ORDER BY source, type, subject, same, n
       )
       INSERT INTO event_store (event_id, type, source, subject, occurred_at, received_at, envelope,
                                log_topic, log_partition, log_offset, source_record_id, source_version)
       SELECT event_id, type, source, subject, occurred_at, received_at, envelope, log_topic, log_partition,
              log_offset, source_record_id, source_version
       FROM first_of_content f
       WHERE NOT f.timed OR NOT EXISTS (
         SELECT 1 FROM event_store x
         WHERE x.source = f.source AND x.type = f.type AND x.subject = f.subject
           AND x.content_digest = f.digest AND x.event_id <> f.event_id)
       ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [
        events.map((e) => e.event.id),
        events.map((e) => e.event.type),
        events.map((e) => e.event.source),
        events.map((e) => e.event.subject),
        events.map((e) => e.event.time ?? null),
        events.map((e) => e.event.receivedat),
        `[${events.map((e) => e.text ?? JSON.stringify(e.event)).join(',')}]`,
        events.map((e) => e.at.topic),
        events.map((e) => e.at.partition),
        events.map((e) => e.at.offset),
        events.map((e) => e.event.sourcerecordid ?? null),
        events.map((e) => e.event.sourceversion ?? null),
      ],
    );
    return new Set(rows.map((r) => r.event_id));
  }

  /**
   * Records which streams each event belongs to, then locks the streams about to be re-folded, in one
   * statement. The lock serialises folds of one stream across concurrent batches (a case's police and
   * CPS events are committed by different transactions, and a fold that cannot see the other's
   * uncommitted events must not overwrite it). Transaction-scoped, taken in one global order after the
   * id-ordered person upserts, so two batches cannot deadlock; the two-key form keeps these locks apart
   * from the table log's topic locks.
   */
  async recordStreamsAndLock(
    rows: readonly { streamKey: string; eventId: string }[],
    lockKeys: readonly string[],
  ): Promise<void> {
    await this.db.query(
      `WITH recorded AS (
         INSERT INTO event_stream (stream_key, event_id)
         SELECT * FROM unnest($1::text[], $2::uuid[]) ON CONFLICT DO NOTHING
       )
       SELECT pg_advisory_xact_lock(${STREAM_LOCK_SPACE}, h)
       FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($3::text[]) AS k ORDER BY 1) AS ordered`,
      [rows.map((r) => r.streamKey), rows.map((r) => r.eventId), [...lockKeys]],
    );
  }

  /** Every stored event of the given streams except `exclude` (the folds order them themselves). */
  async loadStreams(
    streamKeys: readonly string[],
    exclude: ReadonlySet<string> = new Set(),
  ): Promise<Map<string, CloudEvent[]>> {
    const result = new Map<string, CloudEvent[]>(streamKeys.map((k) => [k, []]));
    if (streamKeys.length === 0) return result;
    const rows = await this.db.query<{ stream_key: string; envelope: CloudEvent }[]>(
      `SELECT s.stream_key, e.envelope FROM event_stream s JOIN event_store e USING (event_id)
       WHERE s.stream_key = ANY($1::text[]) AND NOT (s.event_id = ANY($2::uuid[]))`,
      [[...streamKeys], [...exclude]],
    );
    for (const row of rows) result.get(row.stream_key)?.push(row.envelope);
    return result;
  }

  /**
   * Each of these people with everyone the linkage blocks bring together with them (linkage-blocks.ts):
   * what the link scorer scores. At most LINKAGE_BLOCK_LIMIT others per person (the first by id), so a
   * block no search could use (thousands sharing a date of birth and nothing else) costs a bounded read.
   */
  async linkageBlocks(
    personIds: readonly string[],
  ): Promise<{ anchor: MatchablePerson; other: MatchablePerson }[]> {
    if (personIds.length === 0) return [];
    return readBlocks(
      this.db,
      'WHERE person_id = ANY($1::uuid[])',
      [[...new Set(personIds)]],
      LINKAGE_BLOCK_LIMIT,
    );
  }

  /** Keeps link scorers out until this transaction ends (a rebuild, before it truncates). */
  async excludeLinkScorers(): Promise<void> {
    await this.db.query(`SELECT pg_advisory_xact_lock(${STREAM_LOCK_SPACE}, ${LINK_SCORING_LOCK})`);
  }

  /**
   * Up to `limit` people queued for scoring, taken off the queue in this transaction (so a rollback puts
   * them back); rows another scorer holds are skipped, not waited for. None while a rebuild runs
   * (excludeLinkScorers): it scores everyone itself, and a scorer waiting on its truncated tables while
   * holding queue rows it truncates would deadlock with it.
   */
  async claimPendingLinks(limit: number): Promise<string[]> {
    const [free] = await this.db.query<{ free: boolean }[]>(
      `SELECT pg_try_advisory_xact_lock_shared(${STREAM_LOCK_SPACE}, ${LINK_SCORING_LOCK}) AS free`,
    );
    if (!free?.free) return [];
    const rows = await this.db.query<{ person_id: string }[]>(
      // As a SELECT over the DELETE: TypeORM answers a bare DELETE … RETURNING as [rows, count].
      `WITH taken AS (
         DELETE FROM person_link_pending WHERE person_id IN (
           SELECT person_id FROM person_link_pending ORDER BY person_id LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING person_id)
       SELECT person_id::text FROM taken`,
      [limit],
    );
    return rows.map((r) => r.person_id).sort();
  }

  /**
   * The scored pairs of these people, replacing what was scored for them before (a person's row changes
   * when an earlier assertion arrives, so a pair may score differently or no longer at all).
   */
  async replaceLinkCandidates(personIds: readonly string[], links: readonly ScoredLink[]): Promise<void> {
    if (personIds.length === 0) return;
    const pairs = new Map(links.map((l) => [`${l.personA}|${l.personB}`, l]));
    const sorted = [...pairs.values()].sort(
      (x, y) => x.personA.localeCompare(y.personA) || x.personB.localeCompare(y.personB),
    );
    await this.db.query(
      `WITH fresh AS (
         SELECT * FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::float8[], $6::float8[], $7::text[])
                AS f (person_a, person_b, verdict, match_weight, match_probability, parameters_version)),
       gone AS (
         DELETE FROM person_link_candidate c
         WHERE (c.person_a = ANY($1::uuid[]) OR c.person_b = ANY($1::uuid[]))
           AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.person_a = c.person_a AND f.person_b = c.person_b))
       INSERT INTO person_link_candidate (person_a, person_b, verdict, match_weight, match_probability, parameters_version)
       SELECT * FROM fresh
       ON CONFLICT (person_a, person_b) DO UPDATE SET verdict = EXCLUDED.verdict,
         match_weight = EXCLUDED.match_weight, match_probability = EXCLUDED.match_probability,
         parameters_version = EXCLUDED.parameters_version`,
      [
        [...new Set(personIds)],
        sorted.map((l) => l.personA),
        sorted.map((l) => l.personB),
        sorted.map((l) => l.verdict),
        sorted.map((l) => l.matchWeight),
        sorted.map((l) => l.matchProbability),
        sorted.map((l) => l.parametersVersion),
      ],
    );
  }

  /**
   * The reviewers' decisions carried by these events (uk.shieldline.police.person.link.decided.v1), one
   * row each, decided when the event says. Idempotent: a decision replayed is the same row.
   */
  async recordLinkDecisions(events: readonly CloudEvent[]): Promise<void> {
    if (events.length === 0) return;
    const decisions = events.map((e) => ({
      ...(e.data as PersonLinkDecidedData),
      decidedAt: e.time ?? e.receivedat,
    }));
    await this.db.query(
      `INSERT INTO person_link_decision (decision_id, person_a, person_b, decision, reason, decided_by, police_area, decided_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
                            $8::timestamptz[])
       ON CONFLICT (decision_id) DO NOTHING`,
      [
        decisions.map((d) => d.decisionId),
        decisions.map((d) => d.personA),
        decisions.map((d) => d.personB),
        decisions.map((d) => d.decision),
        decisions.map((d) => d.reason),
        decisions.map((d) => d.decidedBy),
        decisions.map((d) => d.policeArea),
        decisions.map((d) => d.decidedAt),
      ],
    );
  }

  /**
   * The person row shows the earliest assertion (by source time, then event id and role), whatever order
   * events arrive in; every assertion is kept in person_assertion, so conflicts stay visible. Its
   * addresses are the keys of every assertion's address that is not confidential (a set: the same in
   * any order, live or rebuilt). Rows are sorted by id so concurrent batches lock them in the same order.
   * A person whose row changed (new, shown from an earlier assertion now, or with an address it did not
   * have) is queued in person_link_pending, in the same statement, for the link scorer.
   */
  async upsertPeople(people: readonly PersonSighting[]): Promise<void> {
    if (people.length === 0) return;
    const earliest = new Map<string, PersonSighting>();
    const addresses = new Map<string, Set<string>>();
    for (const p of people) {
      const current = earliest.get(p.personId);
      if (!current || assertionKey(p) < assertionKey(current)) earliest.set(p.personId, p);
      const known = addresses.get(p.personId) ?? new Set<string>();
      addresses.set(p.personId, known);
      const key = p.party.addressConfidential
        ? null
        : addressKey(p.party.address?.line1, p.party.address?.postcode);
      if (key) known.add(key);
    }
    const sorted = [...earliest.values()].sort((a, b) => a.personId.localeCompare(b.personId));
    const earlier = `(EXCLUDED.first_seen_at, EXCLUDED.first_seen_event, EXCLUDED.first_seen_role COLLATE "C")
           < (person.first_seen_at, person.first_seen_event, person.first_seen_role COLLATE "C")`;
    const shown = [...PERSON_SHOWN_COLUMNS, ...PERSON_FIRST_SEEN_COLUMNS].map(
      (column) => `${column} = CASE WHEN ${earlier} THEN EXCLUDED.${column} ELSE person.${column} END`,
    );
    // Person, assertions and the scoring queue in one statement (one round trip per batch).
    await this.db.query(
      `WITH asserted AS (
         INSERT INTO person_assertion (event_id, role, person_id, source, given_name, family_name, date_of_birth,
                                     pnc_id, cro_number, address, address_confidential, asserted_at, received_at)
       SELECT * FROM unnest($12::uuid[], $13::text[], $14::uuid[], $15::text[], $16::text[], $17::text[], $18::date[],
                            $19::text[], $20::text[], ${jsonElements(21, 'jsonb', true)}, $22::boolean[], $23::timestamptz[],
                            $24::timestamptz[])
       ON CONFLICT DO NOTHING
       ), written AS (
       INSERT INTO person (${PERSON_COLUMNS}, addresses)
       SELECT ${PERSON_COLUMNS}, ARRAY(SELECT jsonb_array_elements_text(($25::jsonb) -> (p.n::int - 1)))
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::text[],
                   $9::uuid[], $10::timestamptz[], $11::text[]) WITH ORDINALITY AS p (${PERSON_COLUMNS}, n)
       ON CONFLICT (person_id) DO UPDATE SET ${shown.join(',\n         ')},
         addresses = ARRAY(SELECT a FROM (SELECT DISTINCT unnest(person.addresses || EXCLUDED.addresses) AS a) d
                           ORDER BY a COLLATE "C")
       WHERE ${earlier} OR NOT (EXCLUDED.addresses <@ person.addresses)
       RETURNING person_id
       )
       INSERT INTO person_link_pending (person_id) SELECT person_id FROM written ORDER BY person_id
       ON CONFLICT DO NOTHING`,
      [
        sorted.map((p) => p.personId),
        sorted.map((p) => (p.basis === 'PNC_ID' ? (p.party.pncId?.toUpperCase() ?? null) : null)),
        sorted.map((p) => p.party.croNumber?.toUpperCase() ?? null),
        sorted.map((p) => p.party.name.given),
        sorted.map((p) => p.party.name.family),
        sorted.map((p) => nameKey(p.party.name.given, p.party.name.family)),
        sorted.map((p) => p.party.dateOfBirth),
        sorted.map((p) => p.basis),
        sorted.map((p) => p.event.id),
        sorted.map((p) => p.event.time ?? p.event.receivedat),
        sorted.map((p) => p.role),
        people.map((p) => p.event.id),
        people.map((p) => p.role),
        people.map((p) => p.personId),
        people.map((p) => p.event.source),
        people.map((p) => p.party.name.given),
        people.map((p) => p.party.name.family),
        people.map((p) => p.party.dateOfBirth),
        people.map((p) => p.party.pncId),
        people.map((p) => p.party.croNumber ?? null),
        JSON.stringify(people.map((p) => p.party.address ?? null)),
        people.map((p) => p.party.addressConfidential),
        people.map((p) => p.event.time ?? null),
        people.map((p) => p.event.receivedat),
        JSON.stringify(sorted.map((p) => [...addresses.get(p.personId)!].sort())),
      ],
    );
  }

  /** Full replacement of each order row by its fold (the fold saw the whole stream). */
  async upsertOrders(orders: readonly OrderState[]): Promise<void> {
    if (orders.length === 0) return;
    const sorted = [...orders].sort((x, y) => x.orderId.localeCompare(y.orderId));
    const { text, values } = bulkUpsert(PROTECTIVE_ORDER, sorted);
    await this.db.query(text, values);
  }

  async upsertBail(rows: readonly BailState[]): Promise<void> {
    if (rows.length === 0) return;
    const sorted = [...rows].sort((x, y) => x.bailId.localeCompare(y.bailId));
    const { text, values } = bulkUpsert(BAIL, sorted);
    await this.db.query(text, values);
  }

  async upsertNotices(rows: readonly NoticeState[]): Promise<void> {
    if (rows.length === 0) return;
    const sorted = [...rows].sort((x, y) => x.noticeId.localeCompare(y.noticeId));
    const { text, values } = bulkUpsert(NOTICE, sorted);
    await this.db.query(text, values);
  }

  async upsertBreaches(rows: readonly BreachState[]): Promise<void> {
    if (rows.length === 0) return;
    const sorted = [...rows].sort((x, y) => x.breachId.localeCompare(y.breachId));
    const { text, values } = bulkUpsert(BREACH, sorted);
    await this.db.query(text, values);
  }

  async upsertCases(rows: readonly CaseState[]): Promise<void> {
    if (rows.length === 0) return;
    const sorted = [...rows].sort((x, y) => x.caseId.localeCompare(y.caseId));
    const { text, values } = bulkUpsert(CASE_RECORD, sorted);
    await this.db.query(text, values);
    const parties = sorted.flatMap((c) => c.parties.map((p) => ({ caseId: c.caseId, ...p })));
    await this.db.query(
      `INSERT INTO case_party (case_id, person_id, role)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[]) ON CONFLICT DO NOTHING`,
      [parties.map((p) => p.caseId), parties.map((p) => p.personId), parties.map((p) => p.role)],
    );
  }

  /**
   * Writes the deadlines the folds computed and removes those of `streamKeys` no longer computed (one
   * statement). `streamKeys` are the re-folded streams that existed before this batch.
   */
  async replaceDeadlines(streamKeys: readonly string[], rows: readonly ComputedDeadline[]): Promise<void> {
    if (streamKeys.length === 0 && rows.length === 0) return;
    const sorted = [...rows].sort((a, b) => a.deadlineId.localeCompare(b.deadlineId));
    await this.db.query(
      `WITH stale AS (
         DELETE FROM deadline WHERE stream_key = ANY($13::text[]) AND NOT (deadline_id = ANY($1::uuid[]))
       )
       INSERT INTO deadline (deadline_id, stream_key, rule_id, description, citation, verified, due_on, due_at,
                             police_area, subject_ref, started_by, met_by)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::date[],
                            $8::timestamptz[], $9::text[], $10::text[], $11::uuid[], $12::uuid[])
       ON CONFLICT (deadline_id) DO UPDATE SET stream_key = EXCLUDED.stream_key, rule_id = EXCLUDED.rule_id,
         description = EXCLUDED.description, citation = EXCLUDED.citation, verified = EXCLUDED.verified,
         due_on = EXCLUDED.due_on, due_at = EXCLUDED.due_at, police_area = EXCLUDED.police_area,
         subject_ref = EXCLUDED.subject_ref, started_by = EXCLUDED.started_by, met_by = EXCLUDED.met_by`,
      [
        sorted.map((r) => r.deadlineId),
        sorted.map((r) => r.streamKey),
        sorted.map((r) => r.ruleId),
        sorted.map((r) => r.description),
        sorted.map((r) => r.citation),
        sorted.map((r) => r.verified),
        sorted.map((r) => r.dueOn),
        sorted.map((r) => r.dueAt),
        sorted.map((r) => r.policeArea),
        sorted.map((r) => r.subjectRef),
        sorted.map((r) => r.startedBy),
        sorted.map((r) => r.metBy),
        [...streamKeys],
      ],
    );
  }

  /**
   * Replaces the alerts of the given streams (one statement) and returns the ones that were not there
   * before — those are announced.
   */
  async replaceAlerts(streamKeys: readonly string[], rows: readonly RaisedAlert[]): Promise<RaisedAlert[]> {
    if (streamKeys.length === 0 && rows.length === 0) return [];
    const sorted = [...rows].sort((a, b) => a.alertId.localeCompare(b.alertId));
    const written = await this.db.query<{ alert_id: string; inserted: boolean }[]>(
      `WITH stale AS (
         DELETE FROM alert WHERE stream_key = ANY($10::text[]) AND NOT (alert_id = ANY($1::uuid[]))
       )
       INSERT INTO alert (alert_id, stream_key, kind, message, citation, police_area, subject_ref, raised_by,
                          raised_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                            $8::uuid[], $9::timestamptz[])
       ON CONFLICT (alert_id) DO UPDATE SET message = EXCLUDED.message, citation = EXCLUDED.citation,
         police_area = EXCLUDED.police_area, raised_at = EXCLUDED.raised_at
       RETURNING alert_id::text, (xmax = 0) AS inserted`,
      [
        sorted.map((r) => r.alertId),
        sorted.map((r) => r.streamKey),
        sorted.map((r) => r.kind),
        sorted.map((r) => r.message),
        sorted.map((r) => r.citation),
        sorted.map((r) => r.policeArea),
        sorted.map((r) => r.subjectRef),
        sorted.map((r) => r.raisedBy),
        sorted.map((r) => r.raisedAt),
        [...streamKeys],
      ],
    );
    const inserted = new Set(written.filter((w) => w.inserted).map((w) => w.alert_id));
    return sorted.filter((r) => inserted.has(r.alertId));
  }

  async addTimelineEntries(unsorted: readonly TimelinePlacement[]): Promise<void> {
    if (unsorted.length === 0) return;
    // Key order, so two batches inserting the same entries wait on each other instead of deadlocking.
    const entries = [...unsorted].sort((a, b) =>
      a.aggregate === b.aggregate ? a.event.id.localeCompare(b.event.id) : a.aggregate < b.aggregate ? -1 : 1,
    );
    // One JSON document for the rows (see jsonElements), read in array order.
    await this.db.query(
      `INSERT INTO timeline_entry (event_id, aggregate, agency, event_type, occurred_at, received_at, summary, source)
       SELECT * FROM json_to_recordset($1::json) AS t(event_id uuid, aggregate text, agency text, event_type text,
                                                      occurred_at timestamptz, received_at timestamptz,
                                                      summary text, source text)
       ON CONFLICT (aggregate, event_id) DO NOTHING`,
      [
        JSON.stringify(
          entries.map((e) => ({
            event_id: e.event.id,
            aggregate: e.aggregate,
            agency: e.agency,
            event_type: e.event.type,
            occurred_at: e.event.time ?? null,
            received_at: e.event.receivedat,
            summary: e.summary,
            source: e.event.source,
          })),
        ),
      ],
    );
  }

  /**
   * Queues a batch's changes for the relay as ONE outbox row (an ordered array), not a row per change:
   * every outbox row is also claimed and deleted later, so this keeps the change feed's cost per batch.
   */
  async enqueueChanges(
    topic: string,
    changes: readonly { key: string; payload: object; headers?: Readonly<Record<string, string>> }[],
  ): Promise<void> {
    if (changes.length === 0) return;
    await this.db.query(`INSERT INTO change_outbox (topic, key, payload) VALUES ($1, $2, $3::jsonb)`, [
      topic,
      changes[0]!.key,
      JSON.stringify(changes),
    ]);
    const messages = changes.map((c) => c.payload as ChangeMessage);
    await this.scheduleDeliveries(messages);
    await this.scheduleVictimNotifications(messages);
  }

  /**
   * What the batch's changes mean for protected persons who asked to be told: a notification per consent,
   * in the same transaction as the announcement (src/delivery/victim-notification.ts sends them). Only
   * live folds notify.
   */
  private async scheduleVictimNotifications(changes: readonly ChangeMessage[]): Promise<void> {
    if (!this.clocks) return;
    const occurrences = notifiableOccurrences(changes);
    if (occurrences.length === 0) return;
    const created = await new VictimNotificationRepository(this.db).createFor(occurrences);
    await this.clocks.schedule(
      this.db,
      VICTIM_QUEUE,
      created.map((id) => victimAttemptJob(id, 1, new Date())),
    );
  }

  /**
   * Each announced change becomes a delivery to every endpoint of its force that takes it, in the same
   * transaction as the announcement (src/delivery works them). Only live folds deliver.
   */
  private async scheduleDeliveries(changes: readonly ChangeMessage[]): Promise<void> {
    if (!this.clocks) return;
    const areas = changes.flatMap((c) =>
      (c.kind === 'ORDER_CHANGED' || c.kind === 'ALERT_RAISED') && c.policeArea
        ? [c.policeArea.trim().toUpperCase()]
        : [],
    );
    if (areas.length === 0) return;
    const deliveries = new DeliveryRepository(this.db);
    const endpoints = await deliveries.activeEndpointsFor(areas);
    if (endpoints.length === 0) return;
    const created = await deliveries.createDeliveries(routeDeliveries(changes, endpoints));
    await this.clocks.schedule(
      this.db,
      DELIVERY_QUEUE,
      created.map((id) => deliveryAttemptJob(id, 1, new Date())),
    );
  }

  async recordDeadLetters(records: readonly DeadLetterRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.db.query(
      `INSERT INTO dead_letter (dead_letter_id, connector, reason_code, message, problems, content_type,
                                original_bytes, truncated, received_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::bytea[],
                            $8::boolean[], $9::timestamptz[])
       ON CONFLICT (dead_letter_id) DO NOTHING`,
      [
        records.map((r) => r.deadLetterId),
        records.map((r) => r.connector),
        records.map((r) => r.reasonCode),
        records.map((r) => storableText(r.message)),
        records.map((r) =>
          JSON.stringify(
            r.problems.map((p) => ({ path: storableText(p.path), message: storableText(p.message) })),
          ),
        ),
        records.map((r) => r.contentType),
        records.map((r) => r.originalBytes),
        records.map((r) => r.truncated),
        records.map((r) => r.receivedAt),
      ],
    );
  }
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000, and a problem message may quote a hostile value that
 * contains it; a dead letter that cannot be stored would stall its partition. The NUL is written as the
 * visible escape \\u0000 (the original bytes, in bytea, keep it exactly).
 */
export function storableText(value: string): string {
  return value.includes('\u0000') ? value.replaceAll('\u0000', '\\u0000') : value;
}

function assertionKey(p: PersonSighting): string {
  return `${new Date(p.event.time ?? p.event.receivedat).toISOString()}|${p.event.id}|${p.role}`;
}
