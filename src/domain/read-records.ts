/*
 * The records the read services return, each carrying the labels access is decided from (Labelled), and
 * the views derived from them. Declared apart from the services so that the services and the redaction
 * they apply (redact.ts) share them without importing each other.
 */
import { type Labelled } from '../security/access-step';
import { type ExclusionZoneData, type OrderCondition, type PartyData } from './canonical-events';
import { type CaseDetail } from './case-record';
import { type FieldConflict } from './field-conflicts';
import { type OrderStatus } from './order-status';
import { type LinkageRecord } from './linkage/comparisons';
import { type LinkDecisionRecord } from './person-link-records';

export interface BailRecord extends Labelled {
  bailId: string;
  bailRef: string;
  kind: 'PRE_CHARGE' | 'COURT';
  status: 'ACTIVE' | 'CANCELLED' | 'REVOKED';
  caseUrn: string | null;
  policeArea: string | null;
  personId: string;
  returnOn: string | null;
  /** null: the bail record did not state its conditions; []: bail without conditions. */
  conditions: OrderCondition[] | null;
  bailedOn: string | null;
  authorisedBy: string | null;
  victimViewsSought: boolean | null;
  courtName: string | null;
  endedReason: string | null;
  breachRefs: string[];
}

export interface NoticeRecord extends Labelled {
  noticeId: string;
  noticeRef: string;
  noticeType: 'DVPN' | 'DAPN';
  caseUrn: string | null;
  policeArea: string;
  perpetratorId: string;
  protectedIds: string[];
  authorisingRank: string;
  authorisedAt: string;
  servedAt: string;
  conditions: OrderCondition[];
  dvpoApplication: { court: { code: string; name: string }; hearingAt: string | null } | null;
}

export interface CaseRecordView extends Labelled {
  caseId: string;
  caseUrn: string;
  policeArea: string | null;
  domesticAbuse: boolean | null;
  stage: string;
  detail: CaseDetail;
  parties: { personId: string; role: string }[];
}

export type DeadlineStatus = 'MET' | 'RUNNING' | 'DUE_TODAY' | 'OVERDUE';

export interface DeadlineRecord extends Labelled {
  deadlineId: string;
  streamKey: string;
  ruleId: string;
  description: string;
  citation: string;
  verified: boolean;
  dueOn: string | null;
  dueAt: Date | null;
  policeArea: string | null;
  subjectRef: string;
  metBy: string | null;
}

export interface DeadlineView extends DeadlineRecord {
  status: DeadlineStatus;
}

export interface AlertRecord extends Labelled {
  alertId: string;
  streamKey: string;
  kind: string;
  message: string;
  citation: string | null;
  policeArea: string | null;
  subjectRef: string;
  raisedBy: string;
  raisedAt: Date | null;
}

export interface PersonAssertionRecord extends Labelled {
  eventId: string;
  personId: string;
  role: string;
  source: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  pncId: string | null;
  croNumber: string | null;
  address: PartyData['address'];
  addressConfidential: boolean;
  assertedAt: Date | null;
  receivedAt: Date;
}

/** A person as the read side returns it: what linkage compares (phonetic codes only from a linkage read). */
export interface PersonRecord extends Labelled, LinkageRecord {
  personId: string;
  /** The reviewers' standing decision on every pair this person is in, when the read carries them. */
  linkDecisions?: LinkDecisionRecord[];
  /** What the search read ahead in the same statement (see ReadAhead); absent when not asked for. */
  readAhead?: { orders?: OrderRecord[]; bail?: BailRecord[] };
}

/**
 * What a person search also reads, in the same statement, because the query will ask for it next: the
 * officer's one search ("this person, with live orders and bail") then costs one round trip instead of
 * three. Only the read moves; access checks and the audit of those records stay where the records are
 * returned (ordersAgainst, CaseLookupService.bailFor).
 */
export interface ReadAhead {
  /** Every granted order against the person as respondent (what ordersForRespondents returns). */
  orders: boolean;
  /** Every granted bail on the person (what CaseReadPort.bailForPeople returns). */
  bail: boolean;
}

export const NO_READ_AHEAD: ReadAhead = { orders: false, bail: false };

export interface OrderRecord extends Labelled {
  orderId: string;
  orderRef: string;
  orderType: string;
  sourceOrderCode: string;
  courtCode: string;
  courtName: string;
  caseNumber: string;
  policeArea: string;
  respondentId: string;
  protectedParties: PartyData[];
  conditions: OrderCondition[];
  powerOfArrest: boolean;
  withoutNotice: boolean;
  /** Present when the order was made: bound from then, no service needed; null when the source did not say. */
  respondentPresent: boolean | null;
  madeAt: Date | null;
  effectiveFrom: Date;
  expiresAt: Date | null;
  served: boolean;
  servedAt: Date | null;
  serviceMethod: string | null;
  sourceSystem: string;
  grantedEventId: string;
  servedEventId: string | null;
  assertedAt: Date | null;
  receivedAt: Date;
  caseUrn: string | null;
  exclusionZones: ExclusionZoneData[];
  ended: 'DISCHARGED' | 'REVOKED' | null;
  endedAt: Date | null;
  endedReason: string | null;
  versions: OrderVersionRecord[];
  breachRefs: string[];
  /** Fields on which sources disagree (docs/versions-and-conflicts.md); the fields above show the latest grant's. */
  conflicts: FieldConflict[];
  protectedIds: string[];
}

/**
 * One version of an order with what it said once that version applied. The content fields are absent on
 * versions projected before they were kept (a rebuild fills them): absent, not empty.
 */
export interface OrderVersionRecord {
  version: number;
  eventId: string;
  eventType: string;
  at: string | null;
  conditions?: OrderCondition[];
  exclusionZones?: ExclusionZoneData[];
  expiresAt?: string | null;
  powerOfArrest?: boolean | null;
  served?: boolean;
  ended?: 'DISCHARGED' | 'REVOKED' | null;
  changed?: string[];
}

export interface TimelineEntryRecord extends Labelled {
  eventId: string;
  aggregate: string;
  eventType: string;
  agency: string;
  /** When it happened in the source; null when the source did not say. */
  occurredAt: Date | null;
  receivedAt: Date;
  summary: string;
  source: string;
  /** Position in the aggregate's timeline: source time, else receipt time, then event id. */
  cursor: string;
}

export interface TimelinePage {
  entries: TimelineEntryRecord[];
  hasNextPage: boolean;
}

export interface OrderView extends OrderRecord {
  status: OrderStatus;
  statusAsOf: Date;
  statusReason: string;
  /** From when the respondent is bound (service, or made in their presence); null while not known. */
  enforceableFrom: Date | null;
}
