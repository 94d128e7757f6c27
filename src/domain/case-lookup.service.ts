import { type Actor } from '../security/actor';
import { AccessStep, type AuditPort, type Labelled, type RecordAccess } from '../security/access-step';
import { type DataClass } from '../security/entitlements';
import {
  redactAlert,
  redactAssertion,
  redactBail,
  redactBreach,
  redactCase,
  redactDeadline,
  redactNotice,
} from './redact';
import { type BreachRecord } from './course-of-conduct';
import {
  type AlertRecord,
  type BailRecord,
  type CaseRecordView,
  type DeadlineRecord,
  type DeadlineStatus,
  type DeadlineView,
  type NoticeRecord,
  type PersonAssertionRecord,
} from './read-records';
import { type Page, type PageRequest } from './page';
import {
  isConfident,
  type MatchablePerson,
  type MatchScore,
  scoreCandidate,
  scoreRegardless,
} from './person-matching';
import { decisionBetween, type LinkDecisionRecord } from './person-link-records';
import { londonCivilDate } from './rules/calendar';
import { clockStatus } from './rules/deadlines';

/** A candidate link waiting for a reviewer: a person of the area and someone it may be. */
export interface LinkReviewItem {
  person: MatchablePerson & Labelled;
  candidate: CandidateMatch;
  /** When the hub first received the later of the two records: how long the candidate has been waiting. */
  waitingSince: Date;
}

/**
 * How many pending pairs a review queue reads for each one it shows: pairs with a record the reviewer
 * may not see are left out after the read, and the queue should still fill its page.
 */
const REVIEW_QUEUE_READ_FACTOR = 3;

export interface CandidateMatch extends MatchScore {
  person: MatchablePerson & Labelled;
  confident: boolean;
  /** The reviewer's standing decision on this pair, which overrides the score; null when none. */
  linkDecision: LinkDecisionRecord | null;
}

/** Read side for the whole-domain views; implemented in src/persistence/repositories. */
export interface CaseReadPort {
  bailForPeople(personIds: readonly string[]): Promise<BailRecord[]>;
  breachesForPeople(personIds: readonly string[]): Promise<BreachRecord[]>;
  breachesByArea(policeArea: string, page: PageRequest): Promise<Page<BreachRecord>>;
  noticesForPeople(personIds: readonly string[]): Promise<NoticeRecord[]>;
  casesForPeople(personIds: readonly string[]): Promise<CaseRecordView[]>;
  casesByUrn(caseUrns: readonly string[]): Promise<CaseRecordView[]>;
  assertionsForPeople(personIds: readonly string[]): Promise<PersonAssertionRecord[]>;
  /** The reviewers' standing decision for every pair with one of these people in it. */
  standingLinkDecisions(personIds: readonly string[]): Promise<LinkDecisionRecord[]>;
  /**
   * The area's candidate links scored by the link scorer and not decided, oldest waiting first: `person`
   * is one of the area's, `other` the record it may be.
   */
  pendingLinkCandidates(
    policeArea: string,
    limit: number,
  ): Promise<{ person: MatchablePerson & Labelled; other: MatchablePerson & Labelled; waitingSince: Date }[]>;
  /**
   * People the linkage blocks bring together with any of the given people, and those a reviewer
   * confirmed are one of them (scored by the caller).
   */
  lookalikes(
    personIds: readonly string[],
  ): Promise<{ anchorId: string; anchor: MatchablePerson; other: MatchablePerson & Labelled }[]>;
  /** Alerts by id, with their labels: what a change-feed message names. */
  alertsByIds(alertIds: readonly string[]): Promise<Map<string, AlertRecord>>;
  deadlinesByIds(deadlineIds: readonly string[]): Promise<Map<string, DeadlineRecord>>;
  deadlinesForStreams(streamKeys: readonly string[]): Promise<DeadlineRecord[]>;
  deadlinesForCases(caseUrns: readonly string[]): Promise<{ caseUrn: string; deadline: DeadlineRecord }[]>;
  openDeadlinesByArea(policeArea: string, dueBy: string, page: PageRequest): Promise<Page<DeadlineRecord>>;
  alertsForStreams(streamKeys: readonly string[]): Promise<AlertRecord[]>;
  alertsByArea(policeArea: string, page: PageRequest): Promise<Page<AlertRecord>>;
}

/**
 * Cases, bail, notices, risk history, incidents, deadlines and alerts for officers and lawyers. Like
 * OfficerLookupService, every record returned goes through the access step (decided from its labels,
 * redacted, audited) before it leaves.
 */
export class CaseLookupService {
  private readonly access: AccessStep;

  constructor(
    private readonly reads: CaseReadPort,
    audit: AuditPort,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.access = new AccessStep(audit);
  }

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
    const released = await this.access.release(actor, 'bail', rows, redactBail);
    return groupBy(personIds, released, (b) => [b.personId]);
  }

  async noticesFor(actor: Actor, personIds: readonly string[]) {
    const rows = await this.reads.noticesForPeople(personIds);
    const released = await this.access.release(actor, 'notices', rows, redactNotice);
    return groupBy(personIds, released, (n) => [n.perpetratorId, ...n.protectedIds]);
  }

  async casesFor(actor: Actor, personIds: readonly string[]) {
    const rows = await this.reads.casesForPeople(personIds);
    const released = await this.access.release(actor, 'cases', rows, redactCase);
    return groupBy(personIds, released, (c) => c.parties.map((p) => p.personId));
  }

  /**
   * Incidents naming these people, each released on its own as INCIDENTS data with its case's labels
   * (an adviser entitled to risk but not to case files gets the one and not the other).
   */
  async incidentsFor(actor: Actor, personIds: readonly string[]) {
    const cases = await this.reads.casesForPeople(personIds);
    const incidents = cases.flatMap((c) =>
      c.detail.incidents.map((incident) => ({
        incident,
        caseUrn: c.caseUrn,
        access: partOfCase(c, 'INCIDENTS', incident.eventId, [incident.victimId, incident.suspectId]),
      })),
    );
    const released = await this.access.release(actor, 'incidents', incidents);
    return groupBy(personIds, released, (i) => [...i.access.personIds]);
  }

  /** Breaches by or against these people, each released on its own as INCIDENTS data with its labels. */
  async breachesFor(actor: Actor, personIds: readonly string[]): Promise<Map<string, BreachRecord[]>> {
    const rows = await this.reads.breachesForPeople(personIds);
    const released = await this.access.release(actor, 'breaches', rows, redactBreach);
    return groupBy(personIds, released, (b) => [b.perpetratorId, ...(b.victimId ? [b.victimId] : [])]);
  }

  /** Breaches reported in the caller's own area, most recent first, each released on its own labels. */
  async breachesInArea(actor: Actor, policeArea: string, page: PageRequest): Promise<Page<BreachRecord>> {
    await this.access.requireAreaListing(actor, 'INCIDENTS', policeArea, 'breachesInArea');
    const read = await this.reads.breachesByArea(actor.area!, page);
    const cursorOf = new Map(read.items.map((i) => [i.node.access.id, i.cursor]));
    const released = await this.access.release(
      actor,
      'breachesInArea',
      read.items.map((i) => i.node),
      redactBreach,
    );
    return {
      hasNextPage: read.hasNextPage,
      items: released.map((node) => ({ cursor: cursorOf.get(node.access.id)!, node })),
    };
  }

  /** Risk history of these people as victims, released as RISK data with its case's labels. */
  async riskFor(actor: Actor, personIds: readonly string[]) {
    const cases = await this.reads.casesForPeople(personIds);
    const assessments = cases.flatMap((c) =>
      c.detail.riskAssessments.map((risk) => ({
        risk,
        caseUrn: c.caseUrn,
        access: partOfCase(c, 'RISK', risk.eventId, [risk.victimId]),
      })),
    );
    const released = await this.access.release(actor, 'riskAssessments', assessments);
    return groupBy(personIds, released, (r) => [r.risk.victimId]);
  }

  async casesByUrn(actor: Actor, caseUrns: readonly string[]): Promise<Map<string, CaseRecordView>> {
    await this.access.require(actor, 'CASE', 'case');
    const rows = await this.reads.casesByUrn(caseUrns);
    const released = await this.access.release(actor, 'case', rows, redactCase);
    return new Map(released.map((c) => [c.caseUrn, c]));
  }

  async assertionsFor(actor: Actor, personIds: readonly string[]) {
    const rows = await this.reads.assertionsForPeople(personIds);
    const released = await this.access.release(actor, 'personAssertions', rows, redactAssertion);
    return groupBy(personIds, released, (a) => [a.personId]);
  }

  /** Scored candidate links for each person, best first; none is merged automatically. */
  async possibleMatches(actor: Actor, personIds: readonly string[]): Promise<Map<string, CandidateMatch[]>> {
    const [pairs, decisions] = await Promise.all([
      this.reads.lookalikes(personIds),
      this.reads.standingLinkDecisions(personIds),
    ]);
    const visible = new Set(
      await this.access.release(
        actor,
        'possibleMatches',
        pairs.map((p) => p.other),
      ),
    );
    const result = new Map<string, CandidateMatch[]>(personIds.map((id) => [id, []]));
    for (const { anchorId, anchor, other } of pairs) {
      if (!visible.has(other)) continue;
      const linkDecision = decisionBetween(decisions, anchorId, other.personId);
      // A reviewer's decision overrides the score: rejected, never offered; confirmed, linked.
      if (linkDecision?.decision === 'DIFFERENT_PEOPLE') continue;
      const score = scoreCandidate(anchor, other);
      if (linkDecision?.decision === 'SAME_PERSON') {
        const scored = score ?? scoreRegardless(anchor, other);
        result.get(anchorId)?.push({
          ...scored,
          person: other,
          confident: true,
          reason: `confirmed the same person by ${linkDecision.decidedBy} (${linkDecision.policeArea}) on ${linkDecision.decidedAt.toISOString()}: ${linkDecision.reason}; scored: ${scored.reason}`,
          linkDecision,
        });
        continue;
      }
      if (!score) continue;
      result.get(anchorId)?.push({ ...score, person: other, confident: isConfident(score), linkDecision });
    }
    for (const list of result.values())
      list.sort((a, b) => Number(b.confident) - Number(a.confident) || b.confidence - a.confidence);
    return result;
  }

  /**
   * The area's candidate links nobody has decided yet (scored CANDIDATE, not LINKED; a rejected or
   * confirmed pair is no longer a candidate), oldest waiting first. Only a reviewer of the area's own
   * force; both records released like any other read.
   */
  async linkReviewQueue(actor: Actor, policeArea: string, first: number): Promise<LinkReviewItem[]> {
    await this.access.require(actor, 'REVIEW_PERSON_LINKS', 'personLinkReviewQueue');
    await this.access.requireAreaListing(actor, 'IDENTITY', policeArea, 'personLinkReviewQueue');
    const pending = await this.reads.pendingLinkCandidates(policeArea, first * REVIEW_QUEUE_READ_FACTOR);
    // Scored again with today's parameters: the link scorer's verdict chose the pair, the weights shown
    // are those every other read shows.
    const scored = pending.flatMap((pair) => {
      const score = scoreCandidate(pair.person, pair.other);
      return score && !isConfident(score) ? [{ ...pair, score }] : [];
    });
    const items: LinkReviewItem[] = [];
    // Released a page at a time, so the audit names the records shown, not every pair read.
    for (let next = 0; next < scored.length && items.length < first;) {
      const page = scored.slice(next, next + first - items.length);
      next += page.length;
      const visible = new Set(
        await this.access.release(
          actor,
          'personLinkReviewQueue',
          page.flatMap((p) => [p.person, p.other]),
        ),
      );
      for (const { person, other, waitingSince, score } of page)
        if (visible.has(person) && visible.has(other))
          items.push({
            person,
            candidate: { ...score, person: other, confident: false, linkDecision: null },
            waitingSince,
          });
    }
    return items;
  }

  async deadlinesForStreams(
    actor: Actor,
    streamKeys: readonly string[],
  ): Promise<Map<string, DeadlineView[]>> {
    const rows = await this.reads.deadlinesForStreams(streamKeys);
    const released = await this.access.release(
      actor,
      'deadlines',
      rows.map((r) => this.deadlineView(r)),
      redactDeadline,
    );
    return groupBy(streamKeys, released, (d) => [d.streamKey]);
  }

  /** Every clock of each case — its own and its bail's, notices' and orders' — each released on its labels. */
  async deadlinesForCases(actor: Actor, caseUrns: readonly string[]): Promise<Map<string, DeadlineView[]>> {
    const rows = await this.reads.deadlinesForCases(caseUrns);
    const caseOf = new Map(rows.map((r) => [r.deadline.deadlineId + r.deadline.streamKey, r.caseUrn]));
    const released = await this.access.release(
      actor,
      'deadlines',
      rows.map((r) => this.deadlineView(r.deadline)),
      redactDeadline,
    );
    return groupBy(caseUrns, released, (d) => [caseOf.get(d.deadlineId + d.streamKey) ?? '']);
  }

  /** Open clocks in the caller's own area due by `withinDays` from today (overdue included), soonest first. */
  async deadlinesInArea(
    actor: Actor,
    policeArea: string,
    withinDays: number,
    page: PageRequest,
  ): Promise<Page<DeadlineView>> {
    await this.access.requireAreaListing(actor, 'CASE', policeArea, 'deadlinesInArea');
    const dueBy = new Date(this.clock().getTime() + withinDays * 86_400_000).toISOString().slice(0, 10);
    const read = await this.reads.openDeadlinesByArea(actor.area!, dueBy, page);
    const cursorOf = new Map(read.items.map((i) => [i.node.access.id, i.cursor]));
    const released = await this.access.release(
      actor,
      'deadlinesInArea',
      read.items.map((i) => this.deadlineView(i.node)),
      redactDeadline,
    );
    return {
      hasNextPage: read.hasNextPage,
      items: released.map((node) => ({ cursor: cursorOf.get(node.access.id)!, node })),
    };
  }

  async alertsForStreams(actor: Actor, streamKeys: readonly string[]): Promise<Map<string, AlertRecord[]>> {
    const rows = await this.reads.alertsForStreams(streamKeys);
    const released = await this.access.release(actor, 'alerts', rows, redactAlert);
    return groupBy(streamKeys, released, (a) => [a.streamKey]);
  }

  /** Alerts in the caller's own area, newest first. */
  async alertsInArea(actor: Actor, policeArea: string, page: PageRequest): Promise<Page<AlertRecord>> {
    await this.access.requireAreaListing(actor, 'CASE', policeArea, 'alertsInArea');
    const read = await this.reads.alertsByArea(actor.area!, page);
    const cursorOf = new Map(read.items.map((i) => [i.node.access.id, i.cursor]));
    const released = await this.access.release(
      actor,
      'alertsInArea',
      read.items.map((i) => i.node),
      redactAlert,
    );
    return {
      hasNextPage: read.hasNextPage,
      items: released.map((node) => ({ cursor: cursorOf.get(node.access.id)!, node })),
    };
  }

  /** Alerts a batch of change-feed messages announces, with their labels, once for all subscribers. */
  loadAnnouncedAlerts(alertIds: readonly string[]): Promise<Map<string, AlertRecord>> {
    return this.reads.alertsByIds(alertIds);
  }

  /** Clocks a batch of change-feed messages announces, with their labels, once for all subscribers. */
  loadAnnouncedDeadlines(deadlineIds: readonly string[]): Promise<Map<string, DeadlineRecord>> {
    return this.reads.deadlinesByIds(deadlineIds);
  }

  /** A subscription delivery of a clock's transition is decided, redacted and audited per subscriber. */
  async deliverDeadline(actor: Actor, deadline: DeadlineRecord): Promise<DeadlineView | null> {
    const [released] = await this.access.release(
      actor,
      'deadlineChanged',
      [this.deadlineView(deadline)],
      redactDeadline,
    );
    return released ?? null;
  }

  /** Alerts by id, each decided, redacted and audited for the caller under `operation` (one audit row). */
  async releaseAlerts(actor: Actor, operation: string, alertIds: readonly string[]): Promise<AlertRecord[]> {
    const found = await this.reads.alertsByIds(alertIds);
    const ordered = alertIds.flatMap((id) => {
      const alert = found.get(id);
      return alert ? [alert] : [];
    });
    return this.access.release(actor, operation, ordered, redactAlert);
  }

  /** A subscription delivery of an alert is decided, redacted and audited per subscriber. */
  async deliverAlert(actor: Actor, alert: AlertRecord): Promise<AlertRecord | null> {
    const [released] = await this.access.release(actor, 'alertRaised', [alert], redactAlert);
    return released ?? null;
  }

  deadlineView(record: DeadlineRecord): DeadlineView {
    const now = this.clock();
    let status: DeadlineStatus;
    if (record.metBy) status = 'MET';
    else if (record.dueAt) status = now.getTime() < record.dueAt.getTime() ? 'RUNNING' : 'OVERDUE';
    else status = clockStatus(record.dueOn!, londonCivilDate(now));
    return { ...record, status };
  }
}

/** A part of a case released on its own: the case's labels, its own class, id and people. */
function partOfCase(
  c: CaseRecordView,
  dataClass: DataClass,
  eventId: string,
  people: readonly (string | null)[],
): RecordAccess {
  return {
    id: `event:${eventId}`,
    labels: { ...c.access.labels, dataClass },
    personIds: people.filter((p): p is string => p !== null),
  };
}

function groupBy<K, T>(keys: readonly K[], rows: readonly T[], keysOf: (row: T) => K[]): Map<K, T[]> {
  const result = new Map<K, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) {
    for (const key of new Set(keysOf(row))) result.get(key)?.push(row);
  }
  return result;
}
