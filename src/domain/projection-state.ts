/*
 * The projection's state, as the pure folds (src/projection/folds) compute it and the projection
 * repositories (src/persistence) write and re-read it. Declared here, below both, so that neither
 * imports the other for its shapes (docs/architecture.md, "The layers").
 */
import type * as E from './canonical-events';
import { type CaseDetail } from './case-record';
import { type FieldConflict } from './field-conflicts';
import { type CloudEvent } from '../messaging/envelope';

/** A clock the projection keeps for a stream (src/domain/rules names the rule and its source). */
export interface ComputedDeadline {
  deadlineId: string;
  streamKey: string;
  ruleId: string;
  description: string;
  citation: string;
  /** false ⇒ the value is not in the project's source documents (docs/legal-clocks.md). */
  verified: boolean;
  /** Day-based clocks. */
  dueOn: string | null;
  /** Hour-based clocks (DVPN 48 h). */
  dueAt: string | null;
  policeArea: string | null;
  subjectRef: string;
  startedBy: string;
  /** The event that satisfied the clock, if any. */
  metBy: string | null;
}

/** Something an officer or lawyer should act on, raised by an event. */
export interface RaisedAlert {
  alertId: string;
  streamKey: string;
  kind: string;
  message: string;
  citation: string | null;
  policeArea: string | null;
  subjectRef: string;
  raisedBy: string;
  /** Source time of the raising event; null when the source gave none. */
  raisedAt: string | null;
}

/** An extra timeline placement decided by a fold (e.g. a bail variation onto its case's timeline). */
export interface TimelineLink {
  streamKey: string;
  event: CloudEvent;
}

export interface FoldOutput {
  deadlines: ComputedDeadline[];
  alerts: RaisedAlert[];
  timelineLinks: TimelineLink[];
}

/** Every fold has this shape: one stream's events, in any order, to its state and what it raises. */
export type Fold<State> = (key: string, events: readonly CloudEvent[]) => State & FoldOutput;

export type OrderEnd = 'DISCHARGED' | 'REVOKED';

export interface OrderVersion {
  version: number;
  eventId: string;
  eventType: string;
  /** Source time of the change; null when the source gave none. */
  at: string | null;
  /** What the order said once this version applied, so an earlier version can be read as it was. */
  conditions: E.OrderCondition[];
  exclusionZones: E.ExclusionZoneData[];
  expiresAt: string | null;
  powerOfArrest: boolean | null;
  served: boolean;
  ended: OrderEnd | null;
  /** The fields this version changed from the one before (all of them for the first). */
  changed: OrderVersionField[];
}

export type OrderVersionField =
  'conditions' | 'exclusionZones' | 'expiresAt' | 'powerOfArrest' | 'served' | 'ended';

export interface OrderState {
  orderId: string;
  orderRef: string;
  /** false until the order itself has been seen (service can arrive first); such rows are never shown. */
  granted: boolean;
  grant: E.OrderGrantedData | null;
  respondentId: string | null;
  protectedIds: string[];
  conditions: E.OrderCondition[];
  exclusionZones: E.ExclusionZoneData[];
  powerOfArrest: boolean | null;
  expiresAt: string | null;
  served: boolean;
  servedAt: string | null;
  serviceMethod: string | null;
  ended: OrderEnd | null;
  endedAt: string | null;
  endedReason: string | null;
  versions: OrderVersion[];
  breachRefs: string[];
  /** Fields on which two sources' latest grants (or services) disagree; the record shows the latest grant's. */
  conflicts: FieldConflict[];
  grantedEvent: CloudEvent | null;
  servedEventId: string | null;
  /** Number of order events folded (breach reports are not versions of the order). */
  version: number;
}

export type BailKind = 'PRE_CHARGE' | 'COURT';
export type BailStatus = 'ACTIVE' | 'CANCELLED' | 'REVOKED';

export interface BailState {
  bailId: string;
  bailRef: string;
  /** false until the grant has been seen (a variation can arrive first); such rows are never shown. */
  granted: boolean;
  kind: BailKind | null;
  caseUrn: string | null;
  policeArea: string | null;
  personId: string | null;
  person: E.PartyData | null;
  courtName: string | null;
  /** null: the record did not state them (never read as "no conditions"). */
  conditions: E.OrderCondition[] | null;
  bailedOn: string | null;
  /** Pre-charge: the day of the arrest, when the police record gives it (the bail period counts from the day after). */
  arrestedOn?: string | null;
  authorisedBy: E.PreChargeBailGrantedData['authorisedBy'] | null;
  /** Pre-charge: answer bail on this date. Court: next hearing. */
  returnOn: string | null;
  victimViewsSought: boolean | null;
  status: BailStatus;
  endedReason: string | null;
  grantedEventId: string | null;
  /** References of breaches reported against this bail. */
  breachRefs: string[];
  version: number;
}

export type BreachOutcome = E.BreachOutcomeRecordedData['outcome'];
export type BreachedKind = E.BreachReportedData['breached']['kind'];

export interface BreachOutcomeEntry {
  outcome: BreachOutcome;
  reason: string | null;
  /** Source time of the outcome; null when the source gave none. */
  at: string | null;
  eventId: string;
}

/** One reported breach of an order, bail or notice, with what the force did about it. */
export interface BreachState {
  breachId: string;
  breachRef: string;
  /** false until the report itself has been seen (an outcome can arrive first); such rows are never shown. */
  reported: boolean;
  policeArea: string | null;
  breachedKind: BreachedKind | null;
  breachedRef: string | null;
  caseUrn: string | null;
  perpetratorId: string | null;
  /** null ⇒ the source did not name the person the breach was against. */
  victimId: string | null;
  crimeReference: string | null;
  description: string | null;
  occurredAt: string | null;
  /** Source time of the report; null when the source gave none. */
  reportedAt: string | null;
  reportedBy: E.BreachReportedData['reportedBy'] | null;
  /** Every outcome in the order they happened; the last is the current one. */
  outcomes: BreachOutcomeEntry[];
  reportedEventId: string | null;
  receivedAt: string | null;
  version: number;
}

export interface CaseParty {
  personId: string;
  role: string;
}

export interface CaseState {
  caseId: string;
  caseUrn: string;
  policeArea: string | null;
  /** null until an incident says; any incident flagged DA makes the case a DA case. */
  domesticAbuse: boolean | null;
  stage: string;
  parties: CaseParty[];
  detail: CaseDetail;
  version: number;
}

export interface NoticeState {
  noticeId: string;
  noticeRef: string;
  issued: boolean;
  notice: E.DvpnIssuedData | null;
  perpetratorId: string | null;
  protectedIds: string[];
  dvpoApplication: E.DvpoAppliedData | null;
  issuedEventId: string | null;
  version: number;
}

/**
 * A pair of person records the projector scored when one of them was sighted (table
 * person_link_candidate): linked or a candidate for review, never merged by this row alone.
 */
export interface ScoredLink {
  /** The pair ordered: personA < personB. */
  personA: string;
  personB: string;
  verdict: 'LINKED' | 'CANDIDATE';
  matchWeight: number;
  matchProbability: number;
  parametersVersion: string;
}
