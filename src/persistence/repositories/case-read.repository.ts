import { type DataSource } from 'typeorm';
import { PersonLinkRepository, standingDecisionsSql } from './person-link.repository';
import { type Page, type PageRequest } from '../../domain/page';
import { decodeCursor, keysetAfter, keysetPage, sortKeyColumn } from '../keyset';
import { PreparedStatements } from '../prepared-statements';
import { type CaseReadPort } from '../../domain/case-lookup.service';
import {
  type AlertRecord,
  type BailRecord,
  type CaseRecordView,
  type DeadlineRecord,
  type NoticeRecord,
  type PersonAssertionRecord,
} from '../../domain/read-records';
import type * as E from '../../domain/canonical-events';
import { type BreachRecord } from '../../domain/course-of-conduct';
import { selectList } from '../columns';
import {
  type AlertRow,
  BAIL,
  BAIL_READ_COLUMNS,
  type BailRow,
  BREACH,
  BREACH_READ_COLUMNS,
  type BreachRow,
  CASE_READ_COLUMNS,
  CASE_RECORD,
  type CaseRow,
  type DeadlineRow,
  NOTICE,
  NOTICE_READ_COLUMNS,
  type NoticeRow,
} from '../tables';
import { labelled, personRestrictedTo, recordRestrictedTo } from './labels';
import {
  ANCHOR_COLUMNS,
  ANCHOR_JSON,
  BLOCKED_IDS,
  PEOPLE_BY_ID,
  LINKAGE_COLUMNS,
  type LinkageRow,
  toMatchable,
} from './linkage-blocks';

/**
 * Reads for cases, bail, notices, deadlines, alerts and person assertions. Each method takes a whole
 * batch of keys (DataLoader hands it a GraphQL response's worth) and costs one statement.
 */
export class CaseReadRepository implements CaseReadPort {
  private readonly prepared: PreparedStatements;

  constructor(private readonly dataSource: DataSource) {
    this.prepared = new PreparedStatements(dataSource);
  }

  async bailForPeople(personIds: readonly string[]): Promise<BailRecord[]> {
    if (personIds.length === 0) return [];
    const rows = await this.prepared.query<BailRow>(
      'bail_by_person',
      `SELECT ${BAIL_COLUMNS} FROM bail WHERE person_id = ANY($1::uuid[]) AND granted ORDER BY ${BAIL_ORDER}`,
      [[...new Set(personIds)]],
    );
    return rows.map(toBailRecord);
  }

  async noticesForPeople(personIds: readonly string[]): Promise<NoticeRecord[]> {
    if (personIds.length === 0) return [];
    const rows = await this.dataSource.query<NoticeRow[]>(
      `SELECT ${selectList(NOTICE, NOTICE_READ_COLUMNS)},
              coalesce(case_restricted_to(case_urn), people_restricted_to(perpetrator_id || protected_person_ids))
                AS restricted_to
       FROM notice
       WHERE issued AND (perpetrator_id = ANY($1::uuid[]) OR protected_person_ids && $1::uuid[])
       ORDER BY notice_ref`,
      [[...new Set(personIds)]],
    );
    return rows.map((r) => {
      const notice = r.state.notice!;
      return {
        // Notice conditions are free text about where the perpetrator may not go: treated as confidential.
        access: labelled(`notice:${r.notice_id}`, 'NOTICES', r, true, [
          r.perpetrator_id,
          ...r.protected_person_ids,
        ]),
        noticeId: r.notice_id,
        noticeRef: r.notice_ref,
        // Absent on records sent before DAPNs existed: those are DVPNs, as their event type says.
        noticeType: notice.noticeType ?? 'DVPN',
        caseUrn: r.case_urn,
        policeArea: r.police_area,
        perpetratorId: r.perpetrator_id,
        protectedIds: r.protected_person_ids,
        authorisingRank: notice.authorisingRank,
        authorisedAt: notice.authorisedAt,
        servedAt: notice.servedAt,
        conditions: notice.conditions,
        dvpoApplication: r.state.dvpoApplication
          ? { court: r.state.dvpoApplication.court, hearingAt: r.state.dvpoApplication.hearingAt }
          : null,
      };
    });
  }

  /** Reported breaches by or against these people (a breach not yet reported is an outcome only: never shown). */
  async breachesForPeople(personIds: readonly string[]): Promise<BreachRecord[]> {
    if (personIds.length === 0) return [];
    const rows = await this.dataSource.query<BreachRow[]>(
      `SELECT ${selectList(BREACH, BREACH_READ_COLUMNS)},
              coalesce(case_restricted_to(case_urn), people_restricted_to(ARRAY[perpetrator_id, victim_id]))
                AS restricted_to
       FROM breach
       WHERE reported AND (perpetrator_id = ANY($1::uuid[]) OR victim_id = ANY($1::uuid[]))
       ORDER BY coalesce(occurred_at, reported_at, received_at), breach_ref`,
      [[...new Set(personIds)]],
    );
    return rows.map(toBreach);
  }

  /** Reported breaches in a police area, most recent first (when they happened, else when reported). */
  async breachesByArea(policeArea: string, page: PageRequest): Promise<Page<BreachRecord>> {
    const keys = ['coalesce(occurred_at, reported_at, received_at)', 'breach_id'];
    return keysetPage<BreachRow & { sort_key: string[] }, BreachRecord>(
      this.dataSource,
      `SELECT ${selectList(BREACH, BREACH_READ_COLUMNS)},
              coalesce(case_restricted_to(case_urn), people_restricted_to(ARRAY[perpetrator_id, victim_id]))
                AS restricted_to, ${sortKeyColumn(keys)}
       FROM breach
       WHERE reported AND police_area = $1 AND ${keysetAfter(keys, ['timestamptz', 'uuid'], 2, 'DESC')}
       ORDER BY ${keys.map((k) => `${k} DESC`).join(', ')} LIMIT $3`,
      [policeArea, decodeCursor(page.after, keys.length)],
      page,
      toBreach,
    );
  }

  async casesForPeople(personIds: readonly string[]): Promise<CaseRecordView[]> {
    if (personIds.length === 0) return [];
    return this.cases(`c.case_id IN (SELECT case_id FROM case_party WHERE person_id = ANY($1::uuid[]))`, [
      ...new Set(personIds),
    ]);
  }

  async casesByUrn(caseUrns: readonly string[]): Promise<CaseRecordView[]> {
    if (caseUrns.length === 0) return [];
    return this.cases(`c.case_urn = ANY($1::text[])`, [...new Set(caseUrns)]);
  }

  private async cases(where: string, keys: string[]): Promise<CaseRecordView[]> {
    const rows = await this.dataSource.query<CaseRow[]>(
      `SELECT ${selectList(CASE_RECORD, CASE_READ_COLUMNS, 'c')},
              case_restricted_to(c.case_urn) AS restricted_to,
              coalesce((SELECT json_agg(json_build_object('personId', p.person_id, 'role', p.role)
                                        ORDER BY p.role, p.person_id)
                        FROM case_party p WHERE p.case_id = c.case_id), '[]') AS parties
       FROM case_record c WHERE ${where} ORDER BY c.case_urn`,
      [keys],
    );
    return rows.map(toCaseRecord);
  }

  async assertionsForPeople(personIds: readonly string[]): Promise<PersonAssertionRecord[]> {
    if (personIds.length === 0) return [];
    const rows = await this.dataSource.query<AssertionRow[]>(
      `SELECT event_id::text, person_id::text, role, source, given_name, family_name,
              to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth, pnc_id, cro_number, address,
              address_confidential, asserted_at, received_at,
              greatest(event_restricted_to(event_id), person_restricted_to(person_id)) AS restricted_to,
              event_police_area(event_id) AS police_area
       FROM person_assertion WHERE person_id = ANY($1::uuid[])
       ORDER BY coalesce(asserted_at, received_at), event_id, role`,
      [[...new Set(personIds)]],
    );
    return rows.map((r) => ({
      // A victim's or protected person's own record is victim identity; a suspect's is identity.
      access: labelled(
        `person:${r.person_id}`,
        /^(victim|protected)/.test(r.role) ? 'VICTIM_IDENTITY' : 'IDENTITY',
        r,
        r.address_confidential,
        [r.person_id],
      ),
      eventId: r.event_id,
      personId: r.person_id,
      role: r.role,
      source: r.source,
      givenName: r.given_name,
      familyName: r.family_name,
      dateOfBirth: r.date_of_birth,
      pncId: r.pnc_id,
      croNumber: r.cro_number,
      address: r.address,
      addressConfidential: r.address_confidential,
      assertedAt: r.asserted_at,
      receivedAt: r.received_at,
    }));
  }

  /**
   * The area's undecided candidate links, oldest waiting first (docs/person-linkage.md, "Review
   * queue"): pairs the projector scored CANDIDATE (person_link_candidate) with at least one person named
   * by the area's orders, bail or notices, and no standing decision other than UNDECIDED. A pair waits
   * since the hub first received the later of its two people. Both people with their labels; `inArea`
   * says which of the two is the area's (the first when both are).
   */
  async pendingLinkCandidates(policeArea: string, limit: number) {
    const rows = await this.dataSource.query<
      {
        a: LinkageRow & { restricted_to: string | null };
        b: LinkageRow & { restricted_to: string | null };
        a_in_area: boolean;
        waiting_since: Date;
      }[]
    >(
      `WITH area_people AS (
         SELECT respondent_id AS id FROM protective_order WHERE police_area = $1 AND granted AND respondent_id IS NOT NULL
         UNION SELECT person_id FROM bail WHERE police_area = $1 AND granted
         UNION SELECT perpetrator_id FROM notice WHERE police_area = $1 AND issued AND perpetrator_id IS NOT NULL),
       pending AS (
         SELECT c.person_a, c.person_b, c.person_a IN (SELECT id FROM area_people) AS a_in_area,
                greatest((SELECT min(received_at) FROM person_assertion WHERE person_id = c.person_a),
                         (SELECT min(received_at) FROM person_assertion WHERE person_id = c.person_b)) AS waiting_since
         FROM person_link_candidate c
         WHERE c.verdict = 'CANDIDATE'
           AND (c.person_a IN (SELECT id FROM area_people) OR c.person_b IN (SELECT id FROM area_people))
           AND NOT EXISTS (
             SELECT 1 FROM (${standingDecisionsSql('person_a = c.person_a AND person_b = c.person_b')}) d
             WHERE d.decision <> 'UNDECIDED'))
       SELECT (SELECT row_to_json(x) FROM (SELECT ${LINKAGE_COLUMNS('p')}, ${personRestrictedTo('p.person_id')} AS restricted_to
                                           FROM person p WHERE p.person_id = pending.person_a) x) AS a,
              (SELECT row_to_json(x) FROM (SELECT ${LINKAGE_COLUMNS('p')}, ${personRestrictedTo('p.person_id')} AS restricted_to
                                           FROM person p WHERE p.person_id = pending.person_b) x) AS b,
              a_in_area, waiting_since
       FROM pending ORDER BY waiting_since, person_a, person_b LIMIT $2`,
      [policeArea, limit],
    );
    const withLabels = (r: LinkageRow & { restricted_to: string | null }) => ({
      ...toMatchable(r),
      access: labelled(`person:${r.person_id}`, 'IDENTITY', r, false, [r.person_id]),
    });
    return rows
      .filter((r) => r.a && r.b)
      .map((r) => {
        const [a, b] = [withLabels(r.a), withLabels(r.b)];
        return {
          person: r.a_in_area ? a : b,
          other: r.a_in_area ? b : a,
          waitingSince: new Date(r.waiting_since),
        };
      });
  }

  standingLinkDecisions(personIds: readonly string[]) {
    return new PersonLinkRepository(this.dataSource).standingDecisions(personIds);
  }

  /**
   * Other person records each person may be, by the linkage blocks (linkage-blocks.ts), and anyone a
   * reviewer confirmed is the same person. The scoring (person-matching.ts) decides which are linked,
   * candidates or nothing.
   */
  async lookalikes(personIds: readonly string[]) {
    if (personIds.length === 0) return [];
    const rows = await this.dataSource.query<(LinkageRow & { anchor: LinkageRow })[]>(
      `WITH a AS (SELECT ${ANCHOR_COLUMNS} FROM person WHERE person_id = ANY($1::uuid[]))
       SELECT ${ANCHOR_JSON('a')} AS anchor, ${LINKAGE_COLUMNS('o')}, person_restricted_to(o.person_id) AS restricted_to
       FROM a CROSS JOIN LATERAL ${PEOPLE_BY_ID(
         'o',
         'a',
         // the blocks, and whoever a reviewer confirmed is this person, found by a block or not
         `${BLOCKED_IDS('a')}
          UNION SELECT CASE WHEN d.person_a = a.id::text THEN d.person_b ELSE d.person_a END::uuid
          FROM (${standingDecisionsSql('person_a = a.id OR person_b = a.id')}) d
          WHERE d.decision = 'SAME_PERSON'`,
       )}
       ORDER BY a.person_id, o.person_id LIMIT 500`,
      [[...new Set(personIds)]],
    );
    return rows.map((r) => ({
      anchorId: r.anchor.person_id,
      anchor: toMatchable(r.anchor),
      other: {
        ...toMatchable(r),
        access: labelled(`person:${r.person_id}`, 'IDENTITY', r, false, [r.person_id]),
      },
    }));
  }

  async deadlinesForStreams(streamKeys: readonly string[]): Promise<DeadlineRecord[]> {
    if (streamKeys.length === 0) return [];
    const rows = await this.dataSource.query<DeadlineRow[]>(
      `SELECT ${DEADLINE_COLUMNS} FROM deadline WHERE stream_key = ANY($1::text[])
       ORDER BY coalesce(due_on::timestamptz, due_at), rule_id`,
      [[...new Set(streamKeys)]],
    );
    return rows.map(toDeadline);
  }

  /**
   * Every clock of each case: the case's own, and those of its bail, notices and orders (linked by the
   * case URN they carry), with each order's expiry — one statement for all the cases asked.
   */
  async deadlinesForCases(
    caseUrns: readonly string[],
  ): Promise<{ caseUrn: string; deadline: DeadlineRecord }[]> {
    if (caseUrns.length === 0) return [];
    const rows = await this.dataSource.query<(DeadlineRow & { case_urn: string })[]>(
      `WITH streams (stream_key, case_urn) AS (
         SELECT 'case:' || u, u FROM unnest($1::text[]) u
         UNION ALL SELECT 'bail:' || bail_ref, case_urn FROM bail WHERE case_urn = ANY($1::text[])
         UNION ALL SELECT 'notice:' || notice_ref, case_urn FROM notice WHERE case_urn = ANY($1::text[])
         UNION ALL SELECT 'order:' || order_ref, case_urn FROM protective_order
                   WHERE case_urn = ANY($1::text[]) AND granted)
       SELECT * FROM (
         SELECT ${DEADLINE_COLUMNS}, s.case_urn FROM deadline JOIN streams s USING (stream_key)
         UNION ALL
         SELECT ${ORDER_EXPIRY_COLUMNS}, case_urn
         FROM protective_order
         WHERE case_urn = ANY($1::text[]) AND granted AND ended IS NULL AND expires_at IS NOT NULL
       ) d
       ORDER BY case_urn, coalesce(due_on::timestamptz, due_at), rule_id, deadline_id`,
      [[...new Set(caseUrns)]],
    );
    return rows.map((r) => ({ caseUrn: r.case_urn, deadline: toDeadline(r) }));
  }

  async openDeadlinesByArea(
    policeArea: string,
    dueBy: string,
    page: PageRequest,
  ): Promise<Page<DeadlineRecord>> {
    // Soonest first; deadline_id (an order's id for its expiry) makes the order total.
    const keys = ["coalesce(due_on::timestamptz, due_at, 'infinity'::timestamptz)", 'rule_id', 'deadline_id'];
    // Order expiry comes from the live orders themselves (protective_order.expires_at), not a copy.
    return keysetPage<DeadlineRow & { sort_key: string[] }, DeadlineRecord>(
      this.dataSource,
      `SELECT *, ${sortKeyColumn(keys)} FROM (
         SELECT ${DEADLINE_COLUMNS} FROM deadline
         WHERE police_area = $1 AND met_by IS NULL
           AND coalesce(due_on, (due_at AT TIME ZONE 'Europe/London')::date) <= $2::date
         UNION ALL
         SELECT ${ORDER_EXPIRY_COLUMNS}
         FROM protective_order
         WHERE police_area = $1 AND granted AND ended IS NULL AND expires_at > now()
           AND (expires_at AT TIME ZONE 'Europe/London')::date <= $2::date
       ) d WHERE ${keysetAfter(keys, ['timestamptz', 'text', 'text'], 3, 'ASC')}
       ORDER BY ${keys.join(', ')} LIMIT $4`,
      [policeArea, dueBy, decodeCursor(page.after, keys.length)],
      page,
      toDeadline,
    );
  }

  /** Clocks by id — deadlines, and orders' ends by order id — whatever their state now. */
  async deadlinesByIds(deadlineIds: readonly string[]): Promise<Map<string, DeadlineRecord>> {
    if (deadlineIds.length === 0) return new Map();
    const rows = await this.dataSource.query<DeadlineRow[]>(
      `SELECT ${DEADLINE_COLUMNS} FROM deadline WHERE deadline_id = ANY($1::uuid[])
       UNION ALL
       SELECT ${ORDER_EXPIRY_COLUMNS} FROM protective_order
       WHERE order_id = ANY($1::uuid[]) AND granted AND expires_at IS NOT NULL`,
      [[...new Set(deadlineIds)]],
    );
    return new Map(rows.map((r) => [r.deadline_id, toDeadline(r)]));
  }

  async alertsForStreams(streamKeys: readonly string[]): Promise<AlertRecord[]> {
    if (streamKeys.length === 0) return [];
    const rows = await this.dataSource.query<AlertRow[]>(
      `SELECT ${ALERT_COLUMNS} FROM alert WHERE stream_key = ANY($1::text[]) ORDER BY raised_at NULLS LAST, kind`,
      [[...new Set(streamKeys)]],
    );
    return rows.map(toAlert);
  }

  async alertsByIds(alertIds: readonly string[]): Promise<Map<string, AlertRecord>> {
    if (alertIds.length === 0) return new Map();
    const rows = await this.dataSource.query<AlertRow[]>(
      `SELECT ${ALERT_COLUMNS} FROM alert WHERE alert_id = ANY($1::uuid[])`,
      [[...new Set(alertIds)]],
    );
    return new Map(rows.map((r) => [r.alert_id, toAlert(r)]));
  }

  async alertsByArea(policeArea: string, page: PageRequest): Promise<Page<AlertRecord>> {
    // Newest first, alerts without a time last.
    const keys = ["coalesce(raised_at, '-infinity'::timestamptz)", 'alert_id'];
    return keysetPage<AlertRow & { sort_key: string[] }, AlertRecord>(
      this.dataSource,
      `SELECT ${ALERT_COLUMNS}, ${sortKeyColumn(keys)} FROM alert
       WHERE police_area = $1 AND ${keysetAfter(keys, ['timestamptz', 'uuid'], 2, 'DESC')}
       ORDER BY ${keys.map((k) => `${k} DESC`).join(', ')} LIMIT $3`,
      [policeArea, decodeCursor(page.after, keys.length)],
      page,
      toAlert,
    );
  }
}

const DEADLINE_COLUMNS = `deadline_id::text, stream_key, rule_id, description, citation, verified,
  to_char(due_on, 'YYYY-MM-DD') AS due_on, due_at, police_area, subject_ref, met_by::text,
  stream_restricted_to(stream_key) AS restricted_to`;
/** An order's expiry as a deadline row (DEADLINE_COLUMNS' shape), read from the order itself, not a copy. */
const ORDER_EXPIRY_COLUMNS = `order_id::text, 'order:' || order_ref, 'ORDER_EXPIRY',
  'The order ends: it is no longer enforceable after this time',
  'the order as made, varied or extended (docs/legal-clocks.md)', true, NULL, expires_at,
  police_area, order_ref, NULL,
  coalesce(case_restricted_to(case_urn), people_restricted_to(respondent_id || protected_person_ids))`;
const ALERT_COLUMNS = `alert_id::text, stream_key, kind, message, citation, police_area, subject_ref,
  raised_by::text, raised_at, stream_restricted_to(stream_key) AS restricted_to`;

/** Bail columns and order, shared with the officer search's read-ahead (officer-read.repository.ts). */
export const BAIL_COLUMNS = `${selectList(BAIL, BAIL_READ_COLUMNS)},
  to_char(return_on, 'YYYY-MM-DD') AS return_on,
  ${recordRestrictedTo('bail.case_urn', 'ARRAY[bail.person_id]')} AS restricted_to`;
export const BAIL_ORDER = 'return_on NULLS LAST, bail_ref';

interface AssertionRow {
  restricted_to?: string | null;
  event_id: string;
  person_id: string;
  role: string;
  source: string;
  given_name: string;
  family_name: string;
  date_of_birth: string | null;
  pnc_id: string | null;
  cro_number: string | null;
  address: E.PartyData['address'];
  address_confidential: boolean;
  asserted_at: Date | null;
  received_at: Date;
}

function toDeadline(r: DeadlineRow): DeadlineRecord {
  return {
    access: labelled(`deadline:${r.deadline_id}`, 'CASE', r, true),
    deadlineId: r.deadline_id,
    streamKey: r.stream_key,
    ruleId: r.rule_id,
    description: r.description,
    citation: r.citation,
    verified: r.verified,
    dueOn: r.due_on,
    dueAt: r.due_at,
    policeArea: r.police_area,
    subjectRef: r.subject_ref,
    metBy: r.met_by,
  };
}

function toAlert(r: AlertRow): AlertRecord {
  return {
    access: labelled(`alert:${r.alert_id}`, 'CASE', r, true),
    alertId: r.alert_id,
    streamKey: r.stream_key,
    kind: r.kind,
    message: r.message,
    citation: r.citation,
    policeArea: r.police_area,
    subjectRef: r.subject_ref,
    raisedBy: r.raised_by,
    raisedAt: r.raised_at,
  };
}

/** A case as the reads show it. */
export function toCaseRecord(r: CaseRow): CaseRecordView {
  return {
    access: labelled(
      `case:${r.case_id}`,
      'CASE',
      r,
      true,
      r.parties.map((p) => p.personId),
    ),
    caseId: r.case_id,
    caseUrn: r.case_urn,
    policeArea: r.police_area,
    domesticAbuse: r.domestic_abuse,
    stage: r.stage,
    detail: r.detail,
    parties: r.parties,
  };
}

export function toBailRecord(r: BailRow): BailRecord {
  return {
    // Bail conditions name places (often the victim's home) without a confidentiality flag: confidential.
    access: labelled(`bail:${r.bail_id}`, 'BAIL', r, true, [r.person_id]),
    bailId: r.bail_id,
    bailRef: r.bail_ref,
    kind: r.kind,
    status: r.status,
    caseUrn: r.case_urn,
    policeArea: r.police_area,
    personId: r.person_id,
    returnOn: r.return_on,
    conditions: r.state.conditions,
    bailedOn: r.state.bailedOn,
    authorisedBy: r.state.authorisedBy,
    victimViewsSought: r.state.victimViewsSought,
    courtName: r.state.courtName,
    endedReason: r.state.endedReason,
    breachRefs: r.state.breachRefs,
  };
}

function toBreach(r: BreachRow): BreachRecord {
  return {
    // The description is the reporter's free text: it may say where (treated as confidential).
    access: labelled(`breach:${r.breach_id}`, 'INCIDENTS', r, true, [r.perpetrator_id, r.victim_id]),
    breachId: r.breach_id,
    breachRef: r.breach_ref,
    policeArea: r.police_area,
    breachedKind: r.breached_kind,
    breachedRef: r.breached_ref,
    caseUrn: r.case_urn,
    perpetratorId: r.perpetrator_id,
    victimId: r.victim_id,
    crimeReference: r.crime_reference,
    description: r.description,
    occurredAt: r.occurred_at,
    reportedAt: r.reported_at,
    reportedBy: r.reported_by,
    outcomes: r.outcomes.map((o) => ({
      outcome: o.outcome,
      reason: o.reason,
      at: o.at ? new Date(o.at) : null,
    })),
    receivedAt: r.received_at,
  };
}
