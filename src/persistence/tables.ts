/*
 * Rows as the read repositories select them, one declaration per table read in more than one place
 * (`restricted_to` is the label column the reads add, docs/access-control.md). The projection's writes
 * take the folds' own shapes (src/projection/folds); the tables themselves are declared by the migrations.
 */
import {
  type BailState,
  type BreachState,
  type CaseState,
  type NoticeState,
  type OrderState,
} from '../domain/projection-state';
import { type DeclaredTable, declareTable, type SelectedRow } from './columns';

/** A person (table person). */
export interface PersonRow {
  restricted_to?: string | null;
  person_id: string;
  given_name: string;
  family_name: string;
  date_of_birth: string | null;
  pnc_id: string | null;
  cro_number: string | null;
}

/** A clock (table deadline). */
export interface DeadlineRow {
  restricted_to?: string | null;
  deadline_id: string;
  stream_key: string;
  rule_id: string;
  description: string;
  citation: string;
  verified: boolean;
  due_on: string | null;
  due_at: Date | null;
  police_area: string | null;
  subject_ref: string;
  met_by: string | null;
}

/** An alert (table alert). */
export interface AlertRow {
  restricted_to?: string | null;
  alert_id: string;
  stream_key: string;
  kind: string;
  message: string;
  citation: string | null;
  police_area: string | null;
  subject_ref: string;
  raised_by: string;
  raised_at: Date | null;
}

/*
 * The projection's writes, one declaration per table (src/persistence/columns.ts): each column with its
 * SQL type and where its value comes from in the fold's state.
 */

const grantOf = (o: OrderState) => o.grant;

/** A protective order (table protective_order), replaced in full from its fold. */
export const PROTECTIVE_ORDER = declareTable<OrderState>()({
  table: 'protective_order',
  key: 'order_ref',
  insertOnly: ['order_id'],
  touchedAt: 'updated_at',
  columns: {
    order_id: { type: 'uuid', value: (o) => o.orderId },
    order_ref: { type: 'text', value: (o) => o.orderRef },
    granted: { type: 'boolean', value: (o) => o.granted },
    order_type: { type: 'text', value: (o) => grantOf(o)?.orderType ?? null },
    source_order_code: { type: 'text', value: (o) => grantOf(o)?.sourceOrderCode ?? null },
    court_code: { type: 'text', value: (o) => grantOf(o)?.court.code ?? null },
    court_name: { type: 'text', value: (o) => grantOf(o)?.court.name ?? null },
    case_number: { type: 'text', value: (o) => grantOf(o)?.caseNumber ?? null },
    police_area: { type: 'text', value: (o) => grantOf(o)?.policeArea ?? null },
    respondent_id: { type: 'uuid', value: (o) => o.respondentId },
    protected_person_ids: { type: 'uuid[]', value: (o) => o.protectedIds },
    protected_parties: { type: 'jsonb', value: (o) => grantOf(o)?.protectedPersons ?? [] },
    conditions: { type: 'jsonb', value: (o) => o.conditions },
    power_of_arrest: { type: 'boolean', value: (o) => o.powerOfArrest },
    without_notice: { type: 'boolean', value: (o) => grantOf(o)?.withoutNotice ?? null },
    made_at: { type: 'timestamptz', value: (o) => grantOf(o)?.madeAt ?? null },
    effective_from: { type: 'timestamptz', value: (o) => grantOf(o)?.effectiveFrom ?? null },
    expires_at: { type: 'timestamptz', value: (o) => o.expiresAt },
    served: { type: 'boolean', value: (o) => o.served },
    served_at: { type: 'timestamptz', value: (o) => o.servedAt },
    service_method: { type: 'text', value: (o) => o.serviceMethod },
    source_system: { type: 'text', value: (o) => o.grantedEvent?.source ?? null },
    granted_event_id: { type: 'uuid', value: (o) => o.grantedEvent?.id ?? null },
    served_event_id: { type: 'uuid', value: (o) => o.servedEventId },
    asserted_at: { type: 'timestamptz', value: (o) => o.grantedEvent?.time ?? null },
    received_at: { type: 'timestamptz', value: (o) => o.grantedEvent?.receivedat ?? null },
    version: { type: 'int', value: (o) => o.version },
    case_urn: { type: 'text', value: (o) => grantOf(o)?.caseUrn ?? null },
    exclusion_zones: { type: 'jsonb', value: (o) => o.exclusionZones },
    ended: { type: 'text', value: (o) => o.ended },
    ended_at: { type: 'timestamptz', value: (o) => o.endedAt },
    ended_reason: { type: 'text', value: (o) => o.endedReason },
    versions: { type: 'jsonb', value: (o) => o.versions },
    breach_refs: { type: 'text[]', value: (o) => o.breachRefs },
    respondent_present: { type: 'boolean', value: (o) => grantOf(o)?.respondentPresent ?? null },
    conflicts: { type: 'jsonb', value: (o) => o.conflicts },
  },
});

/** The order columns the reads select: what an OrderRecord is built from (officer-read.repository.ts). */
export const ORDER_READ_COLUMNS = [
  'order_id',
  'order_ref',
  'order_type',
  'source_order_code',
  'court_code',
  'court_name',
  'case_number',
  'police_area',
  'respondent_id',
  'protected_parties',
  'conditions',
  'power_of_arrest',
  'without_notice',
  'respondent_present',
  'made_at',
  'effective_from',
  'expires_at',
  'served',
  'served_at',
  'service_method',
  'source_system',
  'granted_event_id',
  'served_event_id',
  'asserted_at',
  'received_at',
  'case_urn',
  'exclusion_zones',
  'ended',
  'ended_at',
  'ended_reason',
  'versions',
  'breach_refs',
  'conflicts',
  'protected_person_ids',
] as const satisfies readonly (keyof typeof PROTECTIVE_ORDER.columns)[];

/**
 * Set whenever the order is granted (its grant event has been folded). The reads select granted orders
 * only (a row for a service seen before its order is never shown), so these are never null there.
 */
type SetOnceGranted =
  | 'order_type'
  | 'source_order_code'
  | 'court_code'
  | 'court_name'
  | 'case_number'
  | 'police_area'
  | 'respondent_id'
  | 'power_of_arrest'
  | 'without_notice'
  | 'effective_from'
  | 'source_system'
  | 'granted_event_id'
  | 'received_at';

/** A granted order as the reads select it, with the access label they add. */
export type OrderRow = SelectedRow<
  typeof PROTECTIVE_ORDER,
  (typeof ORDER_READ_COLUMNS)[number],
  SetOnceGranted
> & { restricted_to: string | null };

/** A bail record (table bail): the searchable fields as columns, the rest in `state`. */
export const BAIL = declareTable<BailState>()({
  table: 'bail',
  key: 'bail_ref',
  insertOnly: ['bail_id'],
  touchedAt: 'updated_at',
  columns: {
    bail_id: { type: 'uuid', value: (b) => b.bailId },
    bail_ref: { type: 'text', value: (b) => b.bailRef },
    granted: { type: 'boolean', value: (b) => b.granted },
    kind: { type: 'text', value: (b) => b.kind },
    case_urn: { type: 'text', value: (b) => b.caseUrn },
    police_area: { type: 'text', value: (b) => b.policeArea },
    person_id: { type: 'uuid', value: (b) => b.personId },
    status: { type: 'text', value: (b) => b.status },
    return_on: { type: 'date', value: (b) => b.returnOn },
    state: {
      type: 'jsonb',
      value: (b) => ({
        conditions: b.conditions,
        bailedOn: b.bailedOn,
        authorisedBy: b.authorisedBy,
        victimViewsSought: b.victimViewsSought,
        courtName: b.courtName,
        endedReason: b.endedReason,
        grantedEventId: b.grantedEventId,
        breachRefs: b.breachRefs,
      }),
    },
    version: { type: 'int', value: (b) => b.version },
  },
});

/** A DVPN or DAPN with its DVPO application (table notice). */
export const NOTICE = declareTable<NoticeState>()({
  table: 'notice',
  key: 'notice_ref',
  insertOnly: ['notice_id'],
  touchedAt: 'updated_at',
  columns: {
    notice_id: { type: 'uuid', value: (n) => n.noticeId },
    notice_ref: { type: 'text', value: (n) => n.noticeRef },
    issued: { type: 'boolean', value: (n) => n.issued },
    case_urn: { type: 'text', value: (n) => n.notice?.caseUrn ?? null },
    police_area: { type: 'text', value: (n) => n.notice?.policeArea ?? null },
    perpetrator_id: { type: 'uuid', value: (n) => n.perpetratorId },
    protected_person_ids: { type: 'uuid[]', value: (n) => n.protectedIds },
    state: {
      type: 'jsonb',
      value: (n) => ({
        notice: n.notice,
        dvpoApplication: n.dvpoApplication,
        issuedEventId: n.issuedEventId,
      }),
    },
    version: { type: 'int', value: (n) => n.version },
  },
});

/** A reported breach with its outcomes (table breach). */
export const BREACH = declareTable<BreachState>()({
  table: 'breach',
  key: 'breach_ref',
  insertOnly: ['breach_id'],
  touchedAt: 'updated_at',
  columns: {
    breach_id: { type: 'uuid', value: (b) => b.breachId },
    breach_ref: { type: 'text', value: (b) => b.breachRef },
    reported: { type: 'boolean', value: (b) => b.reported },
    police_area: { type: 'text', value: (b) => b.policeArea },
    breached_kind: { type: 'text', value: (b) => b.breachedKind },
    breached_ref: { type: 'text', value: (b) => b.breachedRef },
    case_urn: { type: 'text', value: (b) => b.caseUrn },
    perpetrator_id: { type: 'uuid', value: (b) => b.perpetratorId },
    victim_id: { type: 'uuid', value: (b) => b.victimId },
    crime_reference: { type: 'text', value: (b) => b.crimeReference },
    description: { type: 'text', value: (b) => b.description },
    occurred_at: { type: 'timestamptz', value: (b) => b.occurredAt },
    reported_at: { type: 'timestamptz', value: (b) => b.reportedAt },
    reported_by: { type: 'text', value: (b) => b.reportedBy },
    outcomes: { type: 'jsonb', value: (b) => b.outcomes },
    reported_event_id: { type: 'uuid', value: (b) => b.reportedEventId },
    received_at: { type: 'timestamptz', value: (b) => b.receivedAt },
    version: { type: 'int', value: (b) => b.version },
  },
});

/** A case under its police URN (table case_record); its parties are rows of case_party. */
export const CASE_RECORD = declareTable<CaseState>()({
  table: 'case_record',
  key: 'case_urn',
  insertOnly: ['case_id'],
  touchedAt: 'updated_at',
  columns: {
    case_id: { type: 'uuid', value: (c) => c.caseId },
    case_urn: { type: 'text', value: (c) => c.caseUrn },
    police_area: { type: 'text', value: (c) => c.policeArea },
    domestic_abuse: { type: 'boolean', value: (c) => c.domesticAbuse },
    stage: { type: 'text', value: (c) => c.stage },
    detail: { type: 'jsonb', value: (c) => c.detail },
    version: { type: 'int', value: (c) => c.version },
  },
});

/** Every declared write, for the check against the migrated schema. */
export const DECLARED_TABLES: readonly DeclaredTable[] = [
  PROTECTIVE_ORDER,
  BAIL,
  NOTICE,
  BREACH,
  CASE_RECORD,
];

/*
 * The reads' rows, derived from the declarations above: the columns each read selects, and those its WHERE
 * guarantees are set (a record is shown only once its first event — grant, notice, report — is folded).
 */

/** The bail columns the reads select as stored; `return_on` is selected as its calendar day. */
export const BAIL_READ_COLUMNS = [
  'bail_id',
  'bail_ref',
  'kind',
  'status',
  'case_urn',
  'police_area',
  'person_id',
  'state',
] as const satisfies readonly (keyof typeof BAIL.columns)[];

/** A granted bail record as the reads select it. */
export type BailRow = SelectedRow<typeof BAIL, (typeof BAIL_READ_COLUMNS)[number], 'kind' | 'person_id'> & {
  /** to_char(return_on, 'YYYY-MM-DD'): the day, not a Date at a midnight. */
  return_on: string | null;
  restricted_to?: string | null;
};

export const NOTICE_READ_COLUMNS = [
  'notice_id',
  'notice_ref',
  'case_urn',
  'police_area',
  'perpetrator_id',
  'protected_person_ids',
  'state',
] as const satisfies readonly (keyof typeof NOTICE.columns)[];

/** An issued notice as the reads select it. */
export type NoticeRow = SelectedRow<
  typeof NOTICE,
  (typeof NOTICE_READ_COLUMNS)[number],
  'police_area' | 'perpetrator_id'
> & { restricted_to?: string | null };

export const BREACH_READ_COLUMNS = [
  'breach_id',
  'breach_ref',
  'police_area',
  'breached_kind',
  'breached_ref',
  'case_urn',
  'perpetrator_id',
  'victim_id',
  'crime_reference',
  'description',
  'occurred_at',
  'reported_at',
  'reported_by',
  'outcomes',
  'received_at',
] as const satisfies readonly (keyof typeof BREACH.columns)[];

/** A reported breach as the reads select it. */
export type BreachRow = SelectedRow<
  typeof BREACH,
  (typeof BREACH_READ_COLUMNS)[number],
  'police_area' | 'breached_kind' | 'breached_ref' | 'perpetrator_id' | 'description' | 'received_at'
> & { restricted_to?: string | null };

export const CASE_READ_COLUMNS = [
  'case_id',
  'case_urn',
  'police_area',
  'domestic_abuse',
  'stage',
  'detail',
] as const satisfies readonly (keyof typeof CASE_RECORD.columns)[];

/** A case as the reads select it, with its parties (rows of case_party). */
export type CaseRow = SelectedRow<typeof CASE_RECORD, (typeof CASE_READ_COLUMNS)[number]> & {
  parties: { personId: string; role: string }[];
  restricted_to?: string | null;
};
