import { type DataSource } from 'typeorm';
import { type BailRecord, type CaseRecordView } from '../../domain/read-records';
import { type HistoryReadPort } from '../../domain/as-known-at.service';
import { type OrderRecord, type PersonRecord } from '../../domain/read-records';
import { type CloudEvent } from '../../messaging/envelope';
import { type BailState, type CaseState, type Fold, type OrderState } from '../../domain/projection-state';

/** The projector's pure folds, handed in by the composition root (persistence sits below projection). */
export interface HistoryFolds {
  order: Fold<OrderState>;
  bail: Fold<BailState>;
  case: Fold<CaseState>;
}
import { toBailRecord, toCaseRecord } from './case-read.repository';
import { labelled } from './labels';
import { rowFromState } from '../columns';
import {
  BAIL,
  BAIL_READ_COLUMNS,
  type BailRow,
  CASE_READ_COLUMNS,
  CASE_RECORD,
  ORDER_READ_COLUMNS,
  type OrderRow,
  type PersonRow,
  PROTECTIVE_ORDER,
} from '../tables';
import { toOrder } from './officer-read.repository';

/**
 * What the hub held at a past instant (transaction time): each record re-folded, by the projector's own
 * pure folds, from the events its store had applied by then (`event_store.applied_at`, the moment a read
 * could first show an event). Records are labelled as they are labelled now — a restriction learned
 * since (a PPDA marker) applies to the past too — and released by the read service like any other.
 */
export class HistoryReadRepository implements HistoryReadPort {
  constructor(
    private readonly dataSource: DataSource,
    private readonly folds: HistoryFolds,
  ) {}

  private async knownStreams(streamKeys: readonly string[], at: Date): Promise<Map<string, CloudEvent[]>> {
    const result = new Map<string, CloudEvent[]>(streamKeys.map((k) => [k, []]));
    if (streamKeys.length === 0) return result;
    const rows = await this.dataSource.query<{ stream_key: string; envelope: CloudEvent }[]>(
      `SELECT s.stream_key, e.envelope FROM event_stream s JOIN event_store e USING (event_id)
       WHERE s.stream_key = ANY($1::text[]) AND e.applied_at <= $2`,
      [[...new Set(streamKeys)], at],
    );
    for (const row of rows) result.get(row.stream_key)?.push(row.envelope);
    return result;
  }

  async ordersKnownAt(orderRefs: readonly string[], at: Date): Promise<OrderRecord[]> {
    if (orderRefs.length === 0) return [];
    const labels = await this.dataSource.query<{ order_ref: string; restricted_to: string | null }[]>(
      `SELECT order_ref, coalesce(case_restricted_to(case_urn),
                                  people_restricted_to(respondent_id || protected_person_ids)) AS restricted_to
       FROM protective_order WHERE order_ref = ANY($1::text[])`,
      [[...new Set(orderRefs)]],
    );
    const streams = await this.knownStreams(
      labels.map((l) => `order:${l.order_ref}`),
      at,
    );
    return labels.flatMap((l) => {
      const row = orderRow(
        this.folds.order(l.order_ref, streams.get(`order:${l.order_ref}`) ?? []),
        l.restricted_to,
      );
      return row ? [toOrder(row)] : [];
    });
  }

  async ordersOfRespondentsKnownAt(personIds: readonly string[], at: Date): Promise<OrderRecord[]> {
    if (personIds.length === 0) return [];
    const refs = await this.dataSource.query<{ order_ref: string }[]>(
      `SELECT order_ref FROM protective_order WHERE respondent_id = ANY($1::uuid[]) ORDER BY order_ref`,
      [[...new Set(personIds)]],
    );
    const orders = await this.ordersKnownAt(
      refs.map((r) => r.order_ref),
      at,
    );
    return orders.filter((o) => personIds.includes(o.respondentId));
  }

  async bailOfPeopleKnownAt(personIds: readonly string[], at: Date): Promise<BailRecord[]> {
    if (personIds.length === 0) return [];
    const labels = await this.dataSource.query<{ bail_ref: string; restricted_to: string | null }[]>(
      `SELECT bail_ref, coalesce(case_restricted_to(case_urn), person_restricted_to(person_id)) AS restricted_to
       FROM bail WHERE person_id = ANY($1::uuid[]) ORDER BY return_on NULLS LAST, bail_ref`,
      [[...new Set(personIds)]],
    );
    const streams = await this.knownStreams(
      labels.map((l) => `bail:${l.bail_ref}`),
      at,
    );
    return labels.flatMap((l) => {
      const s = this.folds.bail(l.bail_ref, streams.get(`bail:${l.bail_ref}`) ?? []);
      if (!s.granted || !s.kind || !s.personId || !personIds.includes(s.personId)) return [];
      return [
        toBailRecord({
          // Granted, so its kind and person are set (BailRow in tables.ts).
          ...(rowFromState(BAIL, BAIL_READ_COLUMNS, s) as Omit<BailRow, 'return_on' | 'restricted_to'>),
          return_on: s.returnOn,
          restricted_to: l.restricted_to,
        }),
      ];
    });
  }

  async casesKnownAt(caseUrns: readonly string[], at: Date): Promise<CaseRecordView[]> {
    if (caseUrns.length === 0) return [];
    const labels = await this.dataSource.query<{ case_urn: string; restricted_to: string | null }[]>(
      `SELECT case_urn, case_restricted_to(case_urn) AS restricted_to FROM case_record
       WHERE case_urn = ANY($1::text[]) ORDER BY case_urn`,
      [[...new Set(caseUrns)]],
    );
    const streams = await this.knownStreams(
      labels.map((l) => `case:${l.case_urn}`),
      at,
    );
    return labels.flatMap((l) => {
      const events = streams.get(`case:${l.case_urn}`) ?? [];
      if (events.length === 0) return [];
      const s = this.folds.case(l.case_urn, events);
      return [
        toCaseRecord({
          ...rowFromState(CASE_RECORD, CASE_READ_COLUMNS, s),
          parties: [...s.parties].sort(
            (a, b) => a.role.localeCompare(b.role) || a.personId.localeCompare(b.personId),
          ),
          restricted_to: l.restricted_to,
        }),
      ];
    });
  }

  async casesOfPeopleKnownAt(personIds: readonly string[], at: Date): Promise<CaseRecordView[]> {
    if (personIds.length === 0) return [];
    const urns = await this.dataSource.query<{ case_urn: string }[]>(
      `SELECT DISTINCT c.case_urn FROM case_party p JOIN case_record c USING (case_id)
       WHERE p.person_id = ANY($1::uuid[])`,
      [[...new Set(personIds)]],
    );
    const cases = await this.casesKnownAt(
      urns.map((u) => u.case_urn),
      at,
    );
    return cases.filter((c) => c.parties.some((p) => personIds.includes(p.personId)));
  }

  /**
   * A person as the hub knew them: only if an event naming them had been applied by then, and shown by
   * the earliest of those assertions (by source time), as the person row itself is.
   */
  async peopleKnownAt(personIds: readonly string[], at: Date): Promise<PersonRecord[]> {
    if (personIds.length === 0) return [];
    const rows = await this.dataSource.query<PersonRow[]>(
      `SELECT DISTINCT ON (pa.person_id) pa.person_id::text, pa.given_name, pa.family_name,
              to_char(pa.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, pa.pnc_id, pa.cro_number,
              person_restricted_to(pa.person_id) AS restricted_to
       FROM person_assertion pa JOIN event_store e USING (event_id)
       WHERE pa.person_id = ANY($1::uuid[]) AND e.applied_at <= $2
       ORDER BY pa.person_id, coalesce(pa.asserted_at, pa.received_at), pa.event_id, pa.role`,
      [[...new Set(personIds)], at],
    );
    return rows.map((r) => ({
      access: labelled(`person:${r.person_id}`, 'IDENTITY', r, false, [r.person_id]),
      personId: r.person_id,
      givenName: r.given_name,
      familyName: r.family_name,
      dateOfBirth: r.date_of_birth,
      pncId: r.pnc_id,
      croNumber: r.cro_number,
    }));
  }
}

/**
 * The order row the projector would have written from this state, as the reads select it (the table's
 * declaration, src/persistence/tables.ts), or null for a state that is not yet a granted order.
 */
function orderRow(s: OrderState, restrictedTo: string | null): OrderRow | null {
  if (!s.granted || !s.grant || !s.grantedEvent || !s.respondentId) return null;
  // Granted, so the grant's columns are set (SetOnceGranted in tables.ts).
  const row = rowFromState(PROTECTIVE_ORDER, ORDER_READ_COLUMNS, s) as Omit<OrderRow, 'restricted_to'>;
  return { ...row, restricted_to: restrictedTo };
}
