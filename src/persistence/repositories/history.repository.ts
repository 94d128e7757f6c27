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
import { toBailRecord } from './case-read.repository';
import { labelled } from './labels';
import { type PersonRow } from '../tables';
import { type OrderRow, toOrder } from './officer-read.repository';

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
          restricted_to: l.restricted_to,
          bail_id: s.bailId,
          bail_ref: s.bailRef,
          kind: s.kind,
          status: s.status,
          case_urn: s.caseUrn,
          police_area: s.policeArea,
          person_id: s.personId,
          return_on: s.returnOn,
          state: {
            conditions: s.conditions,
            bailedOn: s.bailedOn,
            authorisedBy: s.authorisedBy,
            victimViewsSought: s.victimViewsSought,
            courtName: s.courtName,
            endedReason: s.endedReason,
            breachRefs: s.breachRefs,
          },
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
        {
          access: labelled(
            `case:${s.caseId}`,
            'CASE',
            { police_area: s.policeArea, restricted_to: l.restricted_to },
            true,
            s.parties.map((p) => p.personId),
          ),
          caseId: s.caseId,
          caseUrn: s.caseUrn,
          policeArea: s.policeArea,
          domesticAbuse: s.domesticAbuse,
          stage: s.stage,
          detail: s.detail,
          parties: [...s.parties].sort(
            (a, b) => a.role.localeCompare(b.role) || a.personId.localeCompare(b.personId),
          ),
        },
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

/** The order row the projector would have written from this state (projection.repository upsertOrders). */
function orderRow(s: OrderState, restrictedTo: string | null): OrderRow | null {
  const g = s.grant;
  if (!s.granted || !g || !s.grantedEvent || !s.respondentId) return null;
  const date = (value: string | null) => (value === null ? null : new Date(value));
  return {
    order_id: s.orderId,
    order_ref: s.orderRef,
    order_type: g.orderType,
    source_order_code: g.sourceOrderCode,
    court_code: g.court.code,
    court_name: g.court.name,
    case_number: g.caseNumber,
    police_area: g.policeArea,
    respondent_id: s.respondentId,
    protected_parties: g.protectedPersons,
    conditions: s.conditions,
    // As the column holds it: null when no version said (the row type predates nullable reads).
    power_of_arrest: s.powerOfArrest as boolean,
    without_notice: g.withoutNotice,
    respondent_present: g.respondentPresent ?? null,
    made_at: date(g.madeAt),
    effective_from: new Date(g.effectiveFrom),
    expires_at: date(s.expiresAt),
    served: s.served,
    served_at: date(s.servedAt),
    service_method: s.serviceMethod,
    source_system: s.grantedEvent.source,
    granted_event_id: s.grantedEvent.id,
    served_event_id: s.servedEventId,
    asserted_at: date(s.grantedEvent.time ?? null),
    received_at: new Date(s.grantedEvent.receivedat),
    case_urn: g.caseUrn ?? null,
    exclusion_zones: s.exclusionZones,
    ended: s.ended,
    ended_at: date(s.endedAt),
    ended_reason: s.endedReason,
    versions: s.versions,
    breach_refs: s.breachRefs,
    conflicts: s.conflicts,
    protected_ids: s.protectedIds,
    restricted_to: restrictedTo,
  };
}
