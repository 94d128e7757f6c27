import { type CaseDetail } from './case-record';
import { type OrderCondition, type PartyData } from './canonical-events';
import { type Actor, type AuditPort } from './officer-lookup.service';
import { type Page, type PageRequest } from './page';
import { isConfident, type MatchablePerson, type MatchScore, scoreCandidate } from './person-matching';
import { londonCivilDate } from './rules/calendar';
import { clockStatus } from './rules/deadlines';

export interface BailRecord {
  bailId: string;
  bailRef: string;
  kind: 'PRE_CHARGE' | 'COURT';
  status: 'ACTIVE' | 'CANCELLED' | 'REVOKED';
  caseUrn: string | null;
  policeArea: string | null;
  personId: string;
  returnOn: string | null;
  conditions: OrderCondition[];
  bailedOn: string | null;
  authorisedBy: string | null;
  victimViewsSought: boolean | null;
  courtName: string | null;
  endedReason: string | null;
  breachRefs: string[];
}

export interface NoticeRecord {
  noticeId: string;
  noticeRef: string;
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

export interface CaseRecordView {
  caseId: string;
  caseUrn: string;
  policeArea: string | null;
  domesticAbuse: boolean | null;
  stage: string;
  detail: CaseDetail;
  parties: { personId: string; role: string }[];
}

export type DeadlineStatus = 'MET' | 'RUNNING' | 'DUE_TODAY' | 'OVERDUE';

export interface DeadlineRecord {
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

export interface AlertRecord {
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

export interface PersonAssertionRecord {
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

export interface CandidateMatch extends MatchScore {
  person: MatchablePerson;
  confident: boolean;
}

/** Read side for the whole-domain views; implemented in src/persistence/repositories. */
export interface CaseReadPort {
  bailForPeople(personIds: readonly string[]): Promise<BailRecord[]>;
  noticesForPeople(personIds: readonly string[]): Promise<NoticeRecord[]>;
  casesForPeople(personIds: readonly string[]): Promise<CaseRecordView[]>;
  casesByUrn(caseUrns: readonly string[]): Promise<CaseRecordView[]>;
  assertionsForPeople(personIds: readonly string[]): Promise<PersonAssertionRecord[]>;
  /** People sharing a name key or CRO number with any of the given people (scored by the caller). */
  lookalikes(
    personIds: readonly string[],
  ): Promise<{ anchorId: string; anchor: MatchablePerson; other: MatchablePerson }[]>;
  deadlinesForStreams(streamKeys: readonly string[]): Promise<DeadlineRecord[]>;
  openDeadlinesByArea(policeArea: string, dueBy: string, page: PageRequest): Promise<Page<DeadlineRecord>>;
  alertsForStreams(streamKeys: readonly string[]): Promise<AlertRecord[]>;
  alertsByArea(policeArea: string, page: PageRequest): Promise<Page<AlertRecord>>;
}

/**
 * Cases, bail, notices, risk history, incidents, deadlines and alerts for officers and lawyers. Like
 * OfficerLookupService, every method returning personal data audits the read (who, why, which records)
 * before returning.
 */
export class CaseLookupService {
  constructor(
    private readonly reads: CaseReadPort,
    private readonly audit: AuditPort,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** `alreadyRead`: bail this request has read ahead (by person); only the others are read now. */
  async bailFor(
    actor: Actor,
    personIds: readonly string[],
    includeEnded: boolean,
    alreadyRead: ReadonlyMap<string, BailRecord[]> = new Map(),
  ) {
    const toRead = personIds.filter((id) => !alreadyRead.has(id));
    const read = toRead.length > 0 ? await this.reads.bailForPeople(toRead) : [];
    const known = personIds.flatMap((id) => alreadyRead.get(id) ?? []);
    const rows = [...known, ...read].filter((b) => includeEnded || b.status === 'ACTIVE');
    await this.auditRead(
      actor,
      'bail',
      rows.map((b) => `bail:${b.bailId}`),
    );
    return groupBy(personIds, rows, (b) => [b.personId]);
  }

  async noticesFor(actor: Actor, personIds: readonly string[]) {
    const rows = await this.reads.noticesForPeople(personIds);
    await this.auditRead(
      actor,
      'notices',
      rows.map((n) => `notice:${n.noticeId}`),
    );
    return groupBy(personIds, rows, (n) => [n.perpetratorId, ...n.protectedIds]);
  }

  async casesFor(actor: Actor, personIds: readonly string[]) {
    const rows = await this.reads.casesForPeople(personIds);
    await this.auditRead(
      actor,
      'cases',
      rows.map((c) => `case:${c.caseId}`),
    );
    return groupBy(personIds, rows, (c) => c.parties.map((p) => p.personId));
  }

  async casesByUrn(actor: Actor, caseUrns: readonly string[]): Promise<Map<string, CaseRecordView>> {
    const rows = await this.reads.casesByUrn(caseUrns);
    await this.auditRead(
      actor,
      'case',
      rows.map((c) => `case:${c.caseId}`),
    );
    return new Map(rows.map((c) => [c.caseUrn, c]));
  }

  async assertionsFor(actor: Actor, personIds: readonly string[]) {
    const rows = await this.reads.assertionsForPeople(personIds);
    await this.auditRead(
      actor,
      'personAssertions',
      rows.map((a) => `person:${a.personId}`),
    );
    return groupBy(personIds, rows, (a) => [a.personId]);
  }

  /** Scored candidate links for each person, best first; none is merged automatically. */
  async possibleMatches(actor: Actor, personIds: readonly string[]): Promise<Map<string, CandidateMatch[]>> {
    const pairs = await this.reads.lookalikes(personIds);
    const result = new Map<string, CandidateMatch[]>(personIds.map((id) => [id, []]));
    for (const { anchorId, anchor, other } of pairs) {
      const score = scoreCandidate(anchor, other);
      if (!score) continue;
      result.get(anchorId)?.push({ ...score, person: other, confident: isConfident(score) });
    }
    for (const list of result.values()) list.sort((a, b) => b.confidence - a.confidence);
    const seen = [...result.values()].flat().map((c) => `person:${c.person.personId}`);
    await this.auditRead(actor, 'possibleMatches', seen);
    return result;
  }

  async deadlinesForStreams(
    actor: Actor,
    streamKeys: readonly string[],
  ): Promise<Map<string, DeadlineView[]>> {
    const rows = await this.reads.deadlinesForStreams(streamKeys);
    await this.auditRead(
      actor,
      'deadlines',
      rows.map((d) => `deadline:${d.deadlineId}`),
    );
    return groupBy(
      streamKeys,
      rows.map((r) => this.deadlineView(r)),
      (d) => [d.streamKey],
    );
  }

  /** Open clocks in an area due by `withinDays` from today (overdue ones included), soonest first. */
  async deadlinesInArea(
    actor: Actor,
    policeArea: string,
    withinDays: number,
    page: PageRequest,
  ): Promise<Page<DeadlineView>> {
    const dueBy = new Date(this.clock().getTime() + withinDays * 86_400_000).toISOString().slice(0, 10);
    const read = await this.reads.openDeadlinesByArea(policeArea, dueBy, page);
    await this.auditRead(
      actor,
      'deadlinesInArea',
      read.items.map((d) => `deadline:${d.node.deadlineId}`),
    );
    return { ...read, items: read.items.map((i) => ({ ...i, node: this.deadlineView(i.node) })) };
  }

  async alertsForStreams(actor: Actor, streamKeys: readonly string[]): Promise<Map<string, AlertRecord[]>> {
    const rows = await this.reads.alertsForStreams(streamKeys);
    await this.auditRead(
      actor,
      'alerts',
      rows.map((a) => `alert:${a.alertId}`),
    );
    return groupBy(streamKeys, rows, (a) => [a.streamKey]);
  }

  async alertsInArea(actor: Actor, policeArea: string, page: PageRequest): Promise<Page<AlertRecord>> {
    const read = await this.reads.alertsByArea(policeArea, page);
    await this.auditRead(
      actor,
      'alertsInArea',
      read.items.map((a) => `alert:${a.node.alertId}`),
    );
    return read;
  }

  /** A subscription delivery of an alert is audited per subscriber like any read. */
  async deliverAlert(actor: Actor, alertId: string): Promise<void> {
    await this.auditRead(actor, 'alertRaised', [`alert:${alertId}`]);
  }

  deadlineView(record: DeadlineRecord): DeadlineView {
    const now = this.clock();
    let status: DeadlineStatus;
    if (record.metBy) status = 'MET';
    else if (record.dueAt) status = now.getTime() < record.dueAt.getTime() ? 'RUNNING' : 'OVERDUE';
    else status = clockStatus(record.dueOn!, londonCivilDate(now));
    return { ...record, status };
  }

  private async auditRead(actor: Actor, operation: string, recordIds: string[]): Promise<void> {
    if (recordIds.length > 0) await this.audit.recordRead(actor, operation, recordIds);
  }
}

function groupBy<K, T>(keys: readonly K[], rows: readonly T[], keysOf: (row: T) => K[]): Map<K, T[]> {
  const result = new Map<K, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) {
    for (const key of new Set(keysOf(row))) result.get(key)?.push(row);
  }
  return result;
}
