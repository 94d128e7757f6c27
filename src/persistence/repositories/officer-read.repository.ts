import { type DataSource } from 'typeorm';
import { CursorError, type Page, type PageRequest } from '../../domain/page';
import { decodeCursor, encodeCursor, keysetAfter, keysetPage, sortKeyColumn } from '../keyset';
import { PreparedStatements } from '../prepared-statements';
import { BAIL_COLUMNS, BAIL_ORDER, toBailRecord } from './case-read.repository';
import { type Acknowledgement, type OfficerReadPort } from '../../domain/officer-lookup.service';
import {
  type OrderRecord,
  type PersonRecord,
  NO_READ_AHEAD,
  type ReadAhead,
  type TimelineEntryRecord,
  type TimelinePage,
} from '../../domain/read-records';
import { labelled, personRestrictedTo, recordRestrictedTo } from './labels';
import { selectList, columnsOfType } from '../columns';
import { type BailRow, ORDER_READ_COLUMNS, type OrderRow, type PersonRow, PROTECTIVE_ORDER } from '../tables';
import { decisionFromJson, type DecisionJson, standingDecisionsSql } from './person-link.repository';
import { type LinkageProbe } from '../../domain/officer-lookup.service';
import { type PhoneticCodes } from '../../domain/linkage/comparisons';

/**
 * A person as the officer search reads it, with the reviewers' standing decision on every pair the person
 * is in (docs/person-linkage.md): in the same statement, so applying them costs no round trip.
 */
const PERSON_COLUMNS = `person_id, given_name, family_name, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth, pnc_id,
  cro_number, ${personRestrictedTo('person.person_id')} AS restricted_to,
  (SELECT coalesce(json_agg(d), '[]') FROM (
     ${standingDecisionsSql('person_a = person.person_id OR person_b = person.person_id')}) d) AS link_decisions`;

const ORDER_COLUMNS = `${selectList(PROTECTIVE_ORDER, ORDER_READ_COLUMNS)},
  ${recordRestrictedTo(
    'protective_order.case_urn',
    'protective_order.respondent_id || protective_order.protected_person_ids',
  )} AS restricted_to`;

/** How many blocked people a search scores at most; the best-scored are shown (MAX_MATCHES). */
const LINKAGE_CANDIDATE_LIMIT = 500;

interface PhoneticColumns {
  family_phonetic: string | null;
  given_phonetic: string | null;
  probe_family_phonetic: string | null;
  probe_given_phonetic: string | null;
}

/**
 * Reads for officer lookups and subscription deliveries: the hottest paths in the gateway, so plain
 * parameterised SQL rather than the ORM's query builder. Orders that are only a placeholder (service
 * seen, order not yet) are never returned.
 */
export class OfficerReadRepository implements OfficerReadPort {
  private readonly prepared: PreparedStatements;

  constructor(private readonly dataSource: DataSource) {
    this.prepared = new PreparedStatements(dataSource);
  }

  async findPeopleByIds(personIds: readonly string[]): Promise<PersonRecord[]> {
    if (personIds.length === 0) return [];
    return this.findPeople(
      'person_by_ids',
      `SELECT ${PERSON_COLUMNS} FROM person WHERE person_id = ANY($1::uuid[]) ORDER BY person_id`,
      [[...new Set(personIds)]],
      NO_READ_AHEAD,
    );
  }

  async findPeopleByPnc(pncId: string, readAhead: ReadAhead = NO_READ_AHEAD): Promise<PersonRecord[]> {
    return this.findPeople(
      'person_by_pnc',
      `SELECT ${PERSON_COLUMNS} FROM person WHERE pnc_id = $1`,
      [pncId.toUpperCase()],
      readAhead,
    );
  }

  /**
   * The people a search by name and date of birth should be scored against (docs/person-linkage.md):
   * anyone born on the date or with its day and month swapped, whatever the names; and anyone whose
   * surname sounds the same (Double Metaphone) with no date of birth on record or a date a digit away.
   * Both blocks are index scans (person_date_of_birth_idx, person_family_phonetic_idx). Each row carries
   * its own phonetic codes and the probe's, so the scoring compares them without a second round trip.
   */
  async findLinkageCandidates(
    probe: LinkageProbe,
    readAhead: ReadAhead = NO_READ_AHEAD,
  ): Promise<{ people: PersonRecord[]; probePhonetic: PhoneticCodes | null }> {
    let probePhonetic: PhoneticCodes | null = null;
    const people = await this.findPeople(
      'person_linkage_candidates',
      `SELECT ${PERSON_COLUMNS}, family_phonetic, given_phonetic,
              dmetaphone($3) AS probe_family_phonetic,
              dmetaphone(split_part(btrim($4), ' ', 1)) AS probe_given_phonetic
       FROM person
       WHERE date_of_birth = ANY($1::date[])
          OR (family_phonetic = dmetaphone($3) AND (date_of_birth IS NULL OR date_of_birth = ANY($2::date[])))
       ORDER BY family_name, given_name, person_id LIMIT ${LINKAGE_CANDIDATE_LIMIT}`,
      [probe.sameOrSwappedDates, probe.dateVariants, probe.familyName, probe.givenName ?? ''],
      readAhead,
      (row: Partial<PhoneticColumns>) => {
        probePhonetic ??= {
          family: row.probe_family_phonetic ?? '',
          given: row.probe_given_phonetic ?? '',
        };
      },
    );
    return { people, probePhonetic };
  }

  /**
   * The people `personSql` finds, in its order, each with the orders and bail asked for read in the same
   * statement (as JSON, turned back into the rows ordersForRespondents / bailForPeople return).
   */
  private async findPeople(
    name: string,
    personSql: string,
    values: unknown[],
    readAhead: ReadAhead,
    /** Sees each raw row, for columns beyond the person's own (e.g. the probe's phonetic codes). */
    onRow: (row: object) => void = () => undefined,
  ): Promise<PersonRecord[]> {
    if (!readAhead.orders && !readAhead.bail) {
      return (await this.prepared.query<PersonRow>(name, personSql, values)).map((row) => {
        onRow(row);
        return toPerson(row);
      });
    }
    const orders = `(SELECT coalesce(json_agg(o ORDER BY o.effective_from DESC), '[]') FROM
        (SELECT ${ORDER_COLUMNS} FROM protective_order WHERE respondent_id = p.person_id AND granted) o)`;
    const bail = `(SELECT coalesce(json_agg(b ORDER BY ${BAIL_ORDER}), '[]') FROM
        (SELECT ${BAIL_COLUMNS} FROM bail WHERE person_id = p.person_id AND granted) b)`;
    const rows = await this.prepared.query<
      PersonRow & { ordinal: string; read_ahead_orders?: JsonOrderRow[]; read_ahead_bail?: BailRow[] }
    >(
      `${name}+${readAhead.orders ? 'orders' : ''}+${readAhead.bail ? 'bail' : ''}`,
      `SELECT p.*${readAhead.orders ? `, ${orders} AS read_ahead_orders` : ''}${readAhead.bail ? `, ${bail} AS read_ahead_bail` : ''}
       FROM (SELECT found.*, row_number() OVER () AS ordinal FROM (${personSql}) found) p ORDER BY p.ordinal`,
      values,
    );
    return rows.map((row) => ({
      ...(onRow(row), toPerson(row)),
      readAhead: {
        ...(row.read_ahead_orders && { orders: row.read_ahead_orders.map((o) => toOrder(fromJson(o))) }),
        ...(row.read_ahead_bail && { bail: row.read_ahead_bail.map(toBailRecord) }),
      },
    }));
  }

  async ordersForRespondents(personIds: readonly string[]): Promise<Map<string, OrderRecord[]>> {
    const result = new Map<string, OrderRecord[]>();
    if (personIds.length === 0) return result;
    const rows = await this.prepared.query<OrderRow>(
      'orders_by_respondent',
      `SELECT ${ORDER_COLUMNS} FROM protective_order
       WHERE respondent_id = ANY($1::uuid[]) AND granted ORDER BY effective_from DESC`,
      [[...personIds]],
    );
    for (const row of rows) {
      const list = result.get(row.respondent_id) ?? [];
      list.push(toOrder(row));
      result.set(row.respondent_id, list);
    }
    return result;
  }

  async orderByRef(orderRef: string): Promise<OrderRecord | null> {
    const rows = await this.dataSource.query<OrderRow[]>(
      `SELECT ${ORDER_COLUMNS} FROM protective_order WHERE order_ref = $1 AND granted`,
      [orderRef],
    );
    return rows[0] ? toOrder(rows[0]) : null;
  }

  async ordersInArea(
    policeArea: string,
    postcode: string | null,
    liveAt: Date | null,
    page: PageRequest,
  ): Promise<Page<OrderRecord>> {
    const keys = ['effective_from', 'order_ref'];
    // Postcodes compared without spaces and case: "ls1 1aa" finds "LS1 1AA". Live as isLive says: not
    // discharged or revoked, not past its end (src/domain/order-status.ts).
    return keysetPage<OrderRow & { sort_key: string[] }, OrderRecord>(
      this.dataSource,
      `SELECT ${ORDER_COLUMNS}, ${sortKeyColumn(keys)} FROM protective_order
       WHERE police_area = $1 AND granted
         AND ($2::text IS NULL
              OR EXISTS (SELECT 1 FROM jsonb_array_elements(protected_parties) p
                         WHERE upper(replace(p->'address'->>'postcode', ' ', '')) = $2)
              OR EXISTS (SELECT 1 FROM jsonb_array_elements(exclusion_zones) z
                         WHERE upper(replace(z->>'postcode', ' ', '')) = $2))
         AND ($3::timestamptz IS NULL OR (ended IS NULL AND (expires_at IS NULL OR expires_at > $3)))
         AND ${keysetAfter(keys, ['timestamptz', 'text'], 4, 'DESC')}
       ORDER BY effective_from DESC, order_ref DESC LIMIT $5`,
      [
        policeArea,
        postcode === null ? null : postcode.replace(/\s+/g, '').toUpperCase(),
        liveAt,
        decodeCursor(page.after, keys.length),
      ],
      page,
      toOrder,
    );
  }

  async acknowledge(orderId: string, policeArea: string, by: string) {
    const rows = await this.dataSource.query<
      { acknowledged_by: string; acknowledged_at: Date; first: boolean }[]
    >(
      `WITH inserted AS (
         INSERT INTO order_acknowledgement (order_id, police_area, acknowledged_by) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING acknowledged_by, acknowledged_at)
       SELECT acknowledged_by, acknowledged_at, true AS first FROM inserted
       UNION ALL
       SELECT acknowledged_by, acknowledged_at, false FROM order_acknowledgement
       WHERE order_id = $1 AND police_area = $2 AND NOT EXISTS (SELECT 1 FROM inserted)`,
      [orderId, policeArea, by],
    );
    // A concurrent first acknowledgement can commit after this statement's snapshot: read it afterwards.
    const row =
      rows[0] ??
      (
        await this.dataSource.query<{ acknowledged_by: string; acknowledged_at: Date; first: boolean }[]>(
          `SELECT acknowledged_by, acknowledged_at, false AS first FROM order_acknowledgement
           WHERE order_id = $1 AND police_area = $2`,
          [orderId, policeArea],
        )
      )[0]!;
    return { acknowledgedBy: row.acknowledged_by, acknowledgedAt: row.acknowledged_at, first: row.first };
  }

  async acknowledgements(orderIds: readonly string[]): Promise<Map<string, Acknowledgement[]>> {
    const result = new Map<string, Acknowledgement[]>(orderIds.map((id) => [id, []]));
    if (orderIds.length === 0) return result;
    const rows = await this.dataSource.query<
      { order_id: string; police_area: string; acknowledged_by: string; acknowledged_at: Date }[]
    >(
      `SELECT order_id::text, police_area, acknowledged_by, acknowledged_at FROM order_acknowledgement
       WHERE order_id = ANY($1::uuid[]) ORDER BY acknowledged_at`,
      [[...new Set(orderIds)]],
    );
    for (const r of rows) {
      result.get(r.order_id)?.push({
        policeArea: r.police_area,
        acknowledgedBy: r.acknowledged_by,
        acknowledgedAt: r.acknowledged_at,
      });
    }
    return result;
  }

  async timelines(
    aggregates: readonly string[],
    first: number,
    after: string | null,
    knownAt: Date | null = null,
  ): Promise<Map<string, TimelinePage>> {
    const result = new Map<string, TimelinePage>(
      aggregates.map((a) => [a, { entries: [], hasNextPage: false }]),
    );
    if (aggregates.length === 0) return result;
    const position = timelinePosition(after);
    // A person's timeline is not stored: it is every entry of an event that names them (person_assertion).
    const personIds = [...new Set(aggregates.filter((a) => a.startsWith('person:')).map((a) => a.slice(7)))];
    // One statement for every aggregate: rank each one's entries and keep first + 1 (to know if more follow).
    const rows = await this.dataSource.query<TimelineRow[]>(
      `WITH entries AS (
         SELECT event_id, aggregate, event_type, agency, occurred_at, received_at, summary, source
         FROM timeline_entry WHERE aggregate = ANY($1)
         UNION ALL
         SELECT DISTINCT ON (pa.person_id, t.event_id) t.event_id, 'person:' || pa.person_id, t.event_type,
                t.agency, t.occurred_at, t.received_at, t.summary, t.source
         FROM person_assertion pa JOIN timeline_entry t USING (event_id)
         WHERE pa.person_id = ANY($5::uuid[])
         ORDER BY 1, 2
       )
       SELECT * FROM (
         SELECT event_id::text, aggregate, event_type, agency, occurred_at, received_at, summary, source,
                event_restricted_to(event_id) AS restricted_to, event_police_area(event_id) AS police_area,
                coalesce(occurred_at, received_at)::text AS sort_at,
                row_number() OVER (PARTITION BY aggregate ORDER BY coalesce(occurred_at, received_at), event_id) AS rn
         FROM entries
         WHERE ($2::timestamptz IS NULL OR (coalesce(occurred_at, received_at), event_id) > ($2::timestamptz, $3::uuid))
           AND ($6::timestamptz IS NULL
                OR EXISTS (SELECT 1 FROM event_store e WHERE e.event_id = entries.event_id AND e.applied_at <= $6))
       ) ranked WHERE rn <= $4 ORDER BY aggregate, rn`,
      [
        [...new Set(aggregates)],
        position?.sortAt ?? null,
        position?.eventId ?? null,
        first + 1,
        personIds.filter((id) => /^[0-9a-f-]{36}$/.test(id)),
        knownAt,
      ],
    );
    for (const row of rows) {
      const page = result.get(row.aggregate)!;
      if (page.entries.length === first) {
        page.hasNextPage = true;
        continue;
      }
      page.entries.push(toTimelineEntry(row));
    }
    return result;
  }

  async entriesByIds(
    keys: readonly { aggregate: string; eventId: string }[],
  ): Promise<Map<string, TimelineEntryRecord>> {
    const result = new Map<string, TimelineEntryRecord>();
    const valid = keys.filter((k) => /^[0-9a-f-]{36}$/.test(k.eventId));
    if (valid.length === 0) return result;
    const rows = await this.dataSource.query<TimelineRow[]>(
      `SELECT event_id::text, aggregate, event_type, agency, occurred_at, received_at, summary, source,
              event_restricted_to(event_id) AS restricted_to, event_police_area(event_id) AS police_area,
              coalesce(occurred_at, received_at)::text AS sort_at
       FROM timeline_entry
       WHERE (aggregate, event_id) IN (SELECT * FROM unnest($1::text[], $2::uuid[]))`,
      [valid.map((k) => k.aggregate), valid.map((k) => k.eventId)],
    );
    for (const row of rows) {
      result.set(`${row.aggregate}\u0000${row.event_id}`, toTimelineEntry(row));
    }
    return result;
  }

  async ordersByIds(orderIds: readonly string[]): Promise<Map<string, OrderRecord>> {
    if (orderIds.length === 0) return new Map();
    const rows = await this.dataSource.query<OrderRow[]>(
      `SELECT ${ORDER_COLUMNS} FROM protective_order WHERE order_id = ANY($1::uuid[]) AND granted`,
      [[...new Set(orderIds)]],
    );
    return new Map(rows.map((row) => [row.order_id, toOrder(row)]));
  }
}

interface TimelineRow {
  restricted_to: string | null;
  police_area: string | null;
  event_id: string;
  aggregate: string;
  event_type: string;
  agency: string;
  occurred_at: Date | null;
  received_at: Date;
  summary: string;
  source: string;
  /** As PostgreSQL prints it, so the cursor keeps the full precision of the stored time. */
  sort_at: string;
}

/**
 * The position a timeline cursor names (its entry's time as PostgreSQL printed it, then its event id),
 * checked here because one statement serves every timeline of a response.
 */
function timelinePosition(after: string | null): { sortAt: string; eventId: string } | null {
  const key = decodeCursor(after, 2);
  if (key === null) return null;
  const [sortAt, eventId] = key as [string, string];
  if (Number.isNaN(Date.parse(sortAt)) || !/^[0-9a-f-]{36}$/.test(eventId)) {
    throw new CursorError('after is not a cursor of this list');
  }
  return { sortAt, eventId };
}

/** Summaries are free text (a breach description, a variation's reason): treated as confidential. */
function timelineAccess(row: TimelineRow) {
  const personIds = row.aggregate.startsWith('person:') ? [row.aggregate.slice(7)] : [];
  return labelled(`event:${row.event_id}`, 'CASE', row, true, personIds);
}

function toTimelineEntry(row: TimelineRow): TimelineEntryRecord {
  return {
    access: timelineAccess(row),
    eventId: row.event_id,
    aggregate: row.aggregate,
    eventType: row.event_type,
    agency: row.agency,
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
    summary: row.summary,
    source: row.source,
    cursor: encodeCursor([row.sort_at, row.event_id]),
  };
}

function toPerson(
  row: PersonRow & Partial<PhoneticColumns> & { link_decisions?: DecisionJson[] },
): PersonRecord {
  return {
    ...(row.link_decisions && { linkDecisions: row.link_decisions.map(decisionFromJson) }),
    ...(row.family_phonetic !== undefined && {
      phonetic: { family: row.family_phonetic ?? '', given: row.given_phonetic ?? '' },
    }),
    access: labelled(`person:${row.person_id}`, 'IDENTITY', row, false, [row.person_id]),
    personId: row.person_id,
    givenName: row.given_name,
    familyName: row.family_name,
    dateOfBirth: row.date_of_birth,
    pncId: row.pnc_id,
    croNumber: row.cro_number,
  };
}

/** The order columns json_agg writes as ISO strings, parsed back as node-pg would. */
const ORDER_TIMESTAMPS = columnsOfType(PROTECTIVE_ORDER, 'timestamptz');

/** An order row as json_agg writes it: an OrderRow with its timestamps as ISO strings. */
type JsonOrderRow = Record<string, unknown>;

function fromJson(json: JsonOrderRow): OrderRow {
  const row = { ...json };
  for (const column of ORDER_TIMESTAMPS) {
    const value = row[column] as string | null | undefined;
    if (value !== undefined) row[column] = value === null ? null : new Date(value);
  }
  return row as unknown as OrderRow;
}

export function toOrder(row: OrderRow): OrderRecord {
  return {
    access: labelled(
      `order:${row.order_id}`,
      'ORDERS',
      row,
      row.protected_parties.some((p) => p.addressConfidential),
      [row.respondent_id, ...row.protected_person_ids],
    ),
    orderId: row.order_id,
    orderRef: row.order_ref,
    orderType: row.order_type,
    sourceOrderCode: row.source_order_code,
    courtCode: row.court_code,
    courtName: row.court_name,
    caseNumber: row.case_number,
    policeArea: row.police_area,
    respondentId: row.respondent_id,
    protectedParties: row.protected_parties,
    conditions: row.conditions,
    powerOfArrest: row.power_of_arrest,
    withoutNotice: row.without_notice,
    respondentPresent: row.respondent_present,
    madeAt: row.made_at,
    effectiveFrom: row.effective_from,
    expiresAt: row.expires_at,
    served: row.served,
    servedAt: row.served_at,
    serviceMethod: row.service_method,
    sourceSystem: row.source_system,
    grantedEventId: row.granted_event_id,
    servedEventId: row.served_event_id,
    assertedAt: row.asserted_at,
    receivedAt: row.received_at,
    caseUrn: row.case_urn,
    exclusionZones: row.exclusion_zones,
    ended: row.ended,
    endedAt: row.ended_at,
    endedReason: row.ended_reason,
    versions: row.versions,
    breachRefs: row.breach_refs,
    conflicts: row.conflicts ?? [],
    protectedIds: row.protected_person_ids,
  };
}
