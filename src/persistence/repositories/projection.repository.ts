import { type EntityManager } from 'typeorm';
import { type Problem } from '../../../connectors/contract/connector';
import { type OrderGrantedData, type OrderServedData, type PartyData } from '../../domain/canonical-events';
import { nameKey } from '../../domain/person-identity';
import { type CloudEvent } from '../../messaging/envelope';

export interface LogPosition {
  topic: string;
  partition: number;
  offset: string;
}

export interface DeadLetterRecord {
  deadLetterId: string;
  connector: string;
  reasonCode: string;
  message: string;
  problems: readonly Problem[];
  contentType: string | null;
  originalBytes: Buffer;
  truncated: boolean;
  receivedAt: string;
}

export interface OrderRowState {
  orderRef: string;
  orderId: string;
  policeArea: string | null;
  granted: boolean;
}

export interface PersonRow {
  personId: string;
  party: PartyData;
  eventId: string;
}

export interface GrantedOrderRow {
  orderId: string;
  data: OrderGrantedData;
  respondentId: string;
  protectedIds: string[];
  event: CloudEvent;
  /** Service seen in the same batch, folded into the same write. */
  served: ServedOrderRow | null;
  /** How many granted events for this order the batch folds into this row (adds to `version`). */
  eventCount: number;
}

export interface ServedOrderRow {
  orderId: string;
  data: OrderServedData;
  event: CloudEvent;
  eventCount: number;
}

export interface TimelineRow {
  event: CloudEvent;
  aggregate: string;
  agency: string;
  summary: string;
}

/**
 * Writes made by the projector, always inside its one transaction per batch (the caller passes the
 * transaction's EntityManager). Set-based: one statement per table per batch, so a batch of hundreds of
 * events costs a handful of round-trips. The only place with projection SQL.
 */
export class ProjectionRepository {
  constructor(private readonly db: EntityManager) {}

  async nextOffset(group: string, topic: string, partition: number): Promise<bigint | null> {
    const rows = await this.db.query<{ next: string }[]>(
      `SELECT next_offset::text AS next FROM consumer_offset
       WHERE consumer_group = $1 AND topic = $2 AND partition = $3 FOR UPDATE`,
      [group, topic, partition],
    );
    return rows[0] ? BigInt(rows[0].next) : null;
  }

  async saveNextOffset(group: string, topic: string, partition: number, next: bigint): Promise<void> {
    await this.db.query(
      `INSERT INTO consumer_offset (consumer_group, topic, partition, next_offset, updated_at)
       VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (consumer_group, topic, partition)
       DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()`,
      [group, topic, partition, next.toString()],
    );
  }

  /** Records the events; returns the ids that were new (the rest were applied before: re-sends, redeliveries). */
  async recordEvents(events: readonly { event: CloudEvent; at: LogPosition }[]): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    const rows = await this.db.query<{ event_id: string }[]>(
      `INSERT INTO event_store (event_id, type, source, subject, occurred_at, received_at, envelope,
                                log_topic, log_partition, log_offset)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[],
                            $7::json[], $8::text[], $9::int[], $10::bigint[])
       ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [
        events.map((e) => e.event.id),
        events.map((e) => e.event.type),
        events.map((e) => e.event.source),
        events.map((e) => e.event.subject),
        events.map((e) => e.event.time ?? null),
        events.map((e) => e.event.receivedat),
        events.map((e) => JSON.stringify(e.event)),
        events.map((e) => e.at.topic),
        events.map((e) => e.at.partition),
        events.map((e) => e.at.offset),
      ],
    );
    return new Set(rows.map((r) => r.event_id));
  }

  /** First sighting wins; rows are sorted by id so concurrent batches lock them in the same order. */
  async upsertPeople(people: readonly PersonRow[]): Promise<void> {
    if (people.length === 0) return;
    const sorted = [...people].sort((a, b) => a.personId.localeCompare(b.personId));
    await this.db.query(
      `INSERT INTO person (person_id, pnc_id, given_name, family_name, name_key, date_of_birth, first_seen_event)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::uuid[])
       ON CONFLICT (person_id) DO NOTHING`,
      [
        sorted.map((p) => p.personId),
        sorted.map((p) => p.party.pncId),
        sorted.map((p) => p.party.name.given),
        sorted.map((p) => p.party.name.family),
        sorted.map((p) => nameKey(p.party.name.given, p.party.name.family)),
        sorted.map((p) => p.party.dateOfBirth),
        sorted.map((p) => p.eventId),
      ],
    );
  }

  /** One row per order reference (the caller folds a batch's events per order first). */
  async upsertGrantedOrders(rows: readonly GrantedOrderRow[]): Promise<OrderRowState[]> {
    if (rows.length === 0) return [];
    return this.db.query<OrderRowState[]>(
      `INSERT INTO protective_order (
         order_id, order_ref, granted, order_type, source_order_code, court_code, court_name, case_number,
         police_area, respondent_id, protected_person_ids, protected_parties, conditions, power_of_arrest,
         without_notice, made_at, effective_from, expires_at, source_system, granted_event_id, asserted_at,
         received_at, version, served, served_at, service_method, served_event_id, updated_at)
       SELECT o.order_id, o.order_ref, true, o.order_type, o.source_order_code, o.court_code, o.court_name,
              o.case_number, o.police_area, o.respondent_id,
              ARRAY(SELECT jsonb_array_elements_text(o.protected_ids))::uuid[],
              o.protected_parties, o.conditions, o.power_of_arrest, o.without_notice, o.made_at, o.effective_from,
              o.expires_at, o.source_system, o.granted_event_id, o.asserted_at, o.received_at, o.event_count,
              o.served_event_id IS NOT NULL, o.served_at, o.service_method, o.served_event_id, now()
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                   $9::uuid[], $10::jsonb[], $11::jsonb[], $12::jsonb[], $13::boolean[], $14::boolean[],
                   $15::timestamptz[], $16::timestamptz[], $17::timestamptz[], $18::text[], $19::uuid[],
                   $20::timestamptz[], $21::timestamptz[], $22::int[], $23::timestamptz[], $24::text[], $25::uuid[])
         AS o(order_id, order_ref, order_type, source_order_code, court_code, court_name, case_number, police_area,
              respondent_id, protected_ids, protected_parties, conditions, power_of_arrest, without_notice, made_at,
              effective_from, expires_at, source_system, granted_event_id, asserted_at, received_at, event_count,
              served_at, service_method, served_event_id)
       ON CONFLICT (order_ref) DO UPDATE SET
         granted = true, order_type = EXCLUDED.order_type, source_order_code = EXCLUDED.source_order_code,
         court_code = EXCLUDED.court_code, court_name = EXCLUDED.court_name, case_number = EXCLUDED.case_number,
         police_area = EXCLUDED.police_area, respondent_id = EXCLUDED.respondent_id,
         protected_person_ids = EXCLUDED.protected_person_ids, protected_parties = EXCLUDED.protected_parties,
         conditions = EXCLUDED.conditions, power_of_arrest = EXCLUDED.power_of_arrest,
         without_notice = EXCLUDED.without_notice, made_at = EXCLUDED.made_at,
         effective_from = EXCLUDED.effective_from, expires_at = EXCLUDED.expires_at,
         source_system = EXCLUDED.source_system, granted_event_id = EXCLUDED.granted_event_id,
         asserted_at = EXCLUDED.asserted_at, received_at = EXCLUDED.received_at,
         served = protective_order.served OR EXCLUDED.served,
         served_at = CASE WHEN EXCLUDED.served THEN EXCLUDED.served_at ELSE protective_order.served_at END,
         service_method = CASE WHEN EXCLUDED.served THEN EXCLUDED.service_method ELSE protective_order.service_method END,
         served_event_id = CASE WHEN EXCLUDED.served THEN EXCLUDED.served_event_id ELSE protective_order.served_event_id END,
         version = protective_order.version + EXCLUDED.version, updated_at = now()
       RETURNING order_ref AS "orderRef", order_id::text AS "orderId", police_area AS "policeArea", granted`,
      [
        rows.map((r) => r.orderId),
        rows.map((r) => r.data.orderRef),
        rows.map((r) => r.data.orderType),
        rows.map((r) => r.data.sourceOrderCode),
        rows.map((r) => r.data.court.code),
        rows.map((r) => r.data.court.name),
        rows.map((r) => r.data.caseNumber),
        rows.map((r) => r.data.policeArea),
        rows.map((r) => r.respondentId),
        rows.map((r) => JSON.stringify(r.protectedIds)),
        rows.map((r) => JSON.stringify(r.data.protectedPersons)),
        rows.map((r) => JSON.stringify(r.data.conditions)),
        rows.map((r) => r.data.powerOfArrest),
        rows.map((r) => r.data.withoutNotice),
        rows.map((r) => r.data.madeAt),
        rows.map((r) => r.data.effectiveFrom),
        rows.map((r) => r.data.expiresAt),
        rows.map((r) => r.event.source),
        rows.map((r) => r.event.id),
        rows.map((r) => r.event.time ?? null),
        rows.map((r) => r.event.receivedat),
        rows.map((r) => r.eventCount + (r.served?.eventCount ?? 0)),
        rows.map((r) => r.served?.data.servedAt ?? null),
        rows.map((r) => r.served?.data.method ?? null),
        rows.map((r) => r.served?.event.id ?? null),
      ],
    );
  }

  /**
   * Service touches only the service columns, so it commutes with the granted upsert. It may arrive before
   * the order itself: the row then waits, ungranted and invisible to queries, for it.
   */
  async upsertServedOrders(rows: readonly ServedOrderRow[]): Promise<OrderRowState[]> {
    if (rows.length === 0) return [];
    return this.db.query<OrderRowState[]>(
      `INSERT INTO protective_order (order_id, order_ref, served, served_at, service_method, served_event_id,
                                     version, updated_at)
       SELECT o.order_id, o.order_ref, true, o.served_at, o.method, o.event_id, o.event_count, now()
       FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[], $5::uuid[], $6::int[])
         AS o(order_id, order_ref, served_at, method, event_id, event_count)
       ON CONFLICT (order_ref) DO UPDATE SET
         served = true, served_at = EXCLUDED.served_at, service_method = EXCLUDED.service_method,
         served_event_id = EXCLUDED.served_event_id, version = protective_order.version + EXCLUDED.version,
         updated_at = now()
       RETURNING order_ref AS "orderRef", order_id::text AS "orderId", police_area AS "policeArea", granted`,
      [
        rows.map((r) => r.orderId),
        rows.map((r) => r.data.orderRef),
        rows.map((r) => r.data.servedAt),
        rows.map((r) => r.data.method),
        rows.map((r) => r.event.id),
        rows.map((r) => r.eventCount),
      ],
    );
  }

  async addTimelineEntries(entries: readonly TimelineRow[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db.query(
      `INSERT INTO timeline_entry (event_id, aggregate, agency, event_type, occurred_at, received_at, summary, source)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[],
                            $7::text[], $8::text[])
       ON CONFLICT (event_id) DO NOTHING`,
      [
        entries.map((e) => e.event.id),
        entries.map((e) => e.aggregate),
        entries.map((e) => e.agency),
        entries.map((e) => e.event.type),
        entries.map((e) => e.event.time ?? null),
        entries.map((e) => e.event.receivedat),
        entries.map((e) => e.summary),
        entries.map((e) => e.event.source),
      ],
    );
  }

  async enqueueChanges(topic: string, changes: readonly { key: string; payload: object }[]): Promise<void> {
    if (changes.length === 0) return;
    await this.db.query(
      `INSERT INTO change_outbox (topic, key, payload)
       SELECT $1, k, p FROM unnest($2::text[], $3::jsonb[]) WITH ORDINALITY AS c(k, p, n) ORDER BY n`,
      [topic, changes.map((c) => c.key), changes.map((c) => JSON.stringify(c.payload))],
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
        records.map((r) => r.message),
        records.map((r) => JSON.stringify(r.problems)),
        records.map((r) => r.contentType),
        records.map((r) => r.originalBytes),
        records.map((r) => r.truncated),
        records.map((r) => r.receivedAt),
      ],
    );
  }
}
