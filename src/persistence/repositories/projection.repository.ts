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

export interface OrderChangeRow {
  orderId: string;
  policeArea: string | null;
  granted: boolean;
}

/**
 * Writes made by the projector, always inside its one transaction per batch (the caller passes the
 * transaction's EntityManager). The only place with projection SQL.
 */
export class ProjectionRepository {
  constructor(private readonly db: EntityManager) {}

  async nextOffset(group: string, topic: string, partition: number): Promise<bigint | null> {
    const rows = (await this.db.query(
      `SELECT next_offset::text AS next FROM consumer_offset
       WHERE consumer_group = $1 AND topic = $2 AND partition = $3 FOR UPDATE`,
      [group, topic, partition],
    )) as { next: string }[];
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

  /** Records the event; false when this event id was already applied (a re-send or a redelivery). */
  async recordEvent(event: CloudEvent, at: LogPosition): Promise<boolean> {
    const rows = (await this.db.query(
      `INSERT INTO event_store (event_id, type, source, subject, occurred_at, received_at, envelope,
                                log_topic, log_partition, log_offset)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [
        event.id,
        event.type,
        event.source,
        event.subject,
        event.time ?? null,
        event.receivedat,
        JSON.stringify(event),
        at.topic,
        at.partition,
        at.offset,
      ],
    )) as unknown[];
    return rows.length === 1;
  }

  async upsertPerson(personId: string, party: PartyData, eventId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO person (person_id, pnc_id, given_name, family_name, name_key, date_of_birth, first_seen_event)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (person_id) DO NOTHING`,
      [
        personId,
        party.pncId,
        party.name.given,
        party.name.family,
        nameKey(party.name.given, party.name.family),
        party.dateOfBirth,
        eventId,
      ],
    );
  }

  async applyOrderGranted(
    orderId: string,
    data: OrderGrantedData,
    people: { respondentId: string; protectedIds: string[] },
    event: CloudEvent,
  ): Promise<OrderChangeRow> {
    const rows = (await this.db.query(
      `INSERT INTO protective_order (
         order_id, order_ref, granted, order_type, source_order_code, court_code, court_name, case_number,
         police_area, respondent_id, protected_person_ids, protected_parties, conditions, power_of_arrest,
         without_notice, made_at, effective_from, expires_at, source_system, granted_event_id, asserted_at,
         received_at, version, updated_at)
       VALUES ($1, $2, true, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
               $21, 1, now())
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
         version = protective_order.version + 1, updated_at = now()
       RETURNING order_id::text AS "orderId", police_area AS "policeArea", granted`,
      [
        orderId,
        data.orderRef,
        data.orderType,
        data.sourceOrderCode,
        data.court.code,
        data.court.name,
        data.caseNumber,
        data.policeArea,
        people.respondentId,
        people.protectedIds,
        JSON.stringify(data.protectedPersons),
        JSON.stringify(data.conditions),
        data.powerOfArrest,
        data.withoutNotice,
        data.madeAt,
        data.effectiveFrom,
        data.expiresAt,
        event.source,
        event.id,
        event.time ?? null,
        event.receivedat,
      ],
    )) as OrderChangeRow[];
    return rows[0]!;
  }

  /** Service may arrive before the order itself: the row then waits, ungranted and invisible, for it. */
  async applyOrderServed(orderId: string, data: OrderServedData, event: CloudEvent): Promise<OrderChangeRow> {
    const rows = (await this.db.query(
      `INSERT INTO protective_order (order_id, order_ref, served, served_at, service_method, served_event_id,
                                     version, updated_at)
       VALUES ($1, $2, true, $3, $4, $5, 1, now())
       ON CONFLICT (order_ref) DO UPDATE SET
         served = true, served_at = EXCLUDED.served_at, service_method = EXCLUDED.service_method,
         served_event_id = EXCLUDED.served_event_id, version = protective_order.version + 1, updated_at = now()
       RETURNING order_id::text AS "orderId", police_area AS "policeArea", granted`,
      [orderId, data.orderRef, data.servedAt, data.method, event.id],
    )) as OrderChangeRow[];
    return rows[0]!;
  }

  async addTimelineEntry(
    event: CloudEvent,
    entry: { aggregate: string; agency: string; summary: string },
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO timeline_entry (event_id, aggregate, agency, event_type, occurred_at, received_at, summary, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (event_id) DO NOTHING`,
      [event.id, entry.aggregate, entry.agency, event.type, event.time ?? null, event.receivedat, entry.summary, event.source],
    );
  }

  async enqueueChange(topic: string, key: string, payload: object): Promise<void> {
    await this.db.query(`INSERT INTO change_outbox (topic, key, payload) VALUES ($1, $2, $3)`, [
      topic,
      key,
      JSON.stringify(payload),
    ]);
  }

  async recordDeadLetter(record: DeadLetterRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO dead_letter (dead_letter_id, connector, reason_code, message, problems, content_type,
                                original_bytes, truncated, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (dead_letter_id) DO NOTHING`,
      [
        record.deadLetterId,
        record.connector,
        record.reasonCode,
        record.message,
        JSON.stringify(record.problems),
        record.contentType,
        record.originalBytes,
        record.truncated,
        record.receivedAt,
      ],
    );
  }
}
