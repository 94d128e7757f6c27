import { type Actor } from '../security/actor';
import { AccessStep, type AuditPort } from '../security/access-step';
import {
  NO_READ_AHEAD,
  type OrderRecord,
  type OrderView,
  type PersonRecord,
  type ReadAhead,
  type TimelineEntryRecord,
  type TimelinePage,
} from './read-records';
import { redactOrder, redactTimelineEntry } from './redact';
import { type Page, type PageRequest } from './page';
import { type MatchBasis, type MatchScore, scoreCandidate } from './person-matching';
import { dateOfBirthVariants, type PhoneticCodes, sameOrSwappedDates } from './linkage/comparisons';
import { type FieldContribution } from './linkage/fellegi-sunter';
import { applyLinkDecisions, type LinkDecisionRecord } from './person-link-records';
import { enforceableFrom, isLive, orderStatusAt, orderStatusReason } from './order-status';

export type { Actor } from '../security/actor';
export type { AuditPort } from '../security/access-step';

export interface PersonMatch {
  person: PersonRecord;
  matchedOn: MatchBasis;
  /** 0–1: the match probability (person-matching.ts); 1 for an exact PNC id. */
  confidence: number;
  /** False: a candidate to check before acting on it, never merged. */
  confident: boolean;
  reason: string;
  /** Fellegi–Sunter weight and each field's part in it; null for an exact PNC id (nothing was scored). */
  matchWeight: number | null;
  comparisons: FieldContribution[];
  parametersVersion: string | null;
  /** Records a reviewer confirmed are this person: their orders and bail are shown with this one's. */
  mergedPersonIds: string[];
  /** The reviewers' decisions that merged records into this one or dropped one beside it. */
  linkDecisions: LinkDecisionRecord[];
}

/** What a search by name and date of birth blocks on (officer-read.repository.ts). */
export interface LinkageProbe {
  familyName: string;
  givenName: string | null;
  dateOfBirth: string;
  /** The date, and its day and month swapped: anyone born then is scored, whatever the name. */
  sameOrSwappedDates: string[];
  /** Every date a digit away too: scored when the surname sounds the same. */
  dateVariants: string[];
}

/** The best-scored people a search shows; the rest are below them in weight. */
const MAX_MATCHES = 50;

export interface PersonSearch {
  pncId?: string | null;
  familyName?: string | null;
  givenName?: string | null;
  dateOfBirth?: string | null;
  /**
   * Set when the search answers as the hub knew it at a past instant: reviewers' decisions are not
   * applied then (each record is shown as it was, unmerged; docs/person-linkage.md).
   */
  asKnownAt?: Date | null;
}

/** Read side the lookup needs; implemented in src/persistence/repositories. */
export interface OfficerReadPort {
  findPeopleByPnc(pncId: string, readAhead?: ReadAhead): Promise<PersonRecord[]>;
  findPeopleByIds(personIds: readonly string[]): Promise<PersonRecord[]>;
  /** The people to score against a name and date of birth, each with its phonetic codes. */
  findLinkageCandidates(
    probe: LinkageProbe,
    readAhead?: ReadAhead,
  ): Promise<{ people: PersonRecord[]; probePhonetic: PhoneticCodes | null }>;
  ordersForRespondents(personIds: readonly string[]): Promise<Map<string, OrderRecord[]>>;
  orderByRef(orderRef: string): Promise<OrderRecord | null>;
  /** Orders notified to an area; with a postcode, those protecting someone there or excluding from it. */
  /** Newest first; only orders live at `liveAt` unless it is null. */
  ordersInArea(
    policeArea: string,
    postcode: string | null,
    liveAt: Date | null,
    page: PageRequest,
  ): Promise<Page<OrderRecord>>;
  /** Records the area's acknowledgement once; returns the acknowledgement that stands. */
  acknowledge(
    orderId: string,
    policeArea: string,
    by: string,
  ): Promise<{ acknowledgedBy: string; acknowledgedAt: Date; first: boolean }>;
  acknowledgements(orderIds: readonly string[]): Promise<Map<string, Acknowledgement[]>>;
  ordersByIds(orderIds: readonly string[]): Promise<Map<string, OrderRecord>>;
  /** Timeline entries by (aggregate, event id), with their labels: what a change-feed message names. */
  entriesByIds(
    keys: readonly { aggregate: string; eventId: string }[],
  ): Promise<Map<string, TimelineEntryRecord>>;
  /** Up to `first` entries per aggregate after the cursor (null: from the start), in one statement. */
  /** `knownAt`: only entries of events the hub had applied by that instant (docs/as-known-at.md). */
  timelines(
    aggregates: readonly string[],
    first: number,
    after: string | null,
    knownAt?: Date | null,
  ): Promise<Map<string, TimelinePage>>;
}

export interface Acknowledgement {
  policeArea: string;
  acknowledgedBy: string;
  acknowledgedAt: Date;
}

export class LookupError extends Error {
  constructor(
    readonly code: 'BAD_USER_INPUT' | 'FORBIDDEN',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The officer's one search: who is this, and what orders are live against them. Every record returned
 * goes through the access step (decided from its labels, redacted, audited) before it leaves.
 */
export class OfficerLookupService {
  private readonly access: AccessStep;

  constructor(
    private readonly reads: OfficerReadPort,
    audit: AuditPort,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.access = new AccessStep(audit);
  }

  async searchPeople(
    actor: Actor,
    search: PersonSearch,
    readAhead: ReadAhead = NO_READ_AHEAD,
  ): Promise<PersonMatch[]> {
    await this.access.require(actor, 'IDENTITY', 'searchPeople');
    let matches: PersonMatch[];
    if (search.pncId) {
      matches = (await this.reads.findPeopleByPnc(search.pncId, readAhead)).map((person) =>
        exact(person, 'PNC_ID', 'exact PNC id'),
      );
    } else if (search.familyName && search.dateOfBirth) {
      matches = await this.scoredSearch(
        {
          familyName: search.familyName,
          givenName: search.givenName ?? null,
          dateOfBirth: search.dateOfBirth,
        },
        readAhead,
      );
    } else {
      throw new LookupError('BAD_USER_INPUT', 'search by pncId, or by familyName and dateOfBirth');
    }
    const released = new Set(
      await this.access.release(
        actor,
        'searchPeople',
        matches.map((m) => m.person),
      ),
    );
    const shown = matches.filter((m) => released.has(m.person));
    // Reviewers' decisions override the scores; cut after the access decision and the merge, so records
    // the caller may not see never crowd out ones it may.
    if (search.asKnownAt) return shown.slice(0, MAX_MATCHES);
    return (await this.applyReviews(actor, shown)).slice(0, MAX_MATCHES);
  }

  /**
   * Confirmed links merged (the partner's orders and bail shown under the person ranked first), rejected
   * ones dropped beside a confident match (person-link-records.ts). A confirmed partner that no search
   * block found is read and released like any other person before it is merged.
   */
  private async applyReviews(actor: Actor, shown: PersonMatch[]): Promise<PersonMatch[]> {
    if (shown.length === 0) return shown;
    const ids = new Set(shown.map((m) => m.person.personId));
    // Read with the people themselves (officer-read.repository.ts): no round trip of their own.
    const decisions = [
      ...new Map(
        shown.flatMap((m) => m.person.linkDecisions ?? []).map((d) => [d.decisionId, d] as const),
      ).values(),
    ];
    if (decisions.length === 0) return shown;
    const absent = decisions
      .filter((d) => d.decision === 'SAME_PERSON')
      .flatMap((d) => [d.personA, d.personB])
      .filter((id) => !ids.has(id));
    const partners =
      absent.length > 0
        ? await this.access.release(actor, 'searchPeople', await this.reads.findPeopleByIds(absent))
        : [];
    return applyLinkDecisions(
      shown,
      (m) => m.person.personId,
      (m) => m.confident,
      decisions,
      new Set(partners.map((p) => p.personId)),
    ).map(({ item, mergedPersonIds, decisions: applied }) => ({
      ...item,
      mergedPersonIds,
      linkDecisions: applied,
    }));
  }

  /**
   * Every blocked person scored against what the officer typed (person-matching.ts): linked ones first,
   * then candidates by weight; none below the candidate threshold. Records with the name but no date of
   * birth are candidates at most: court orders lacking a DOB are a known cause of false alerts (Standard
   * Order 10.1).
   */
  private async scoredSearch(
    search: { familyName: string; givenName: string | null; dateOfBirth: string },
    readAhead: ReadAhead,
  ): Promise<PersonMatch[]> {
    const { people, probePhonetic } = await this.reads.findLinkageCandidates(
      {
        ...search,
        sameOrSwappedDates: sameOrSwappedDates(search.dateOfBirth),
        dateVariants: dateOfBirthVariants(search.dateOfBirth),
      },
      readAhead,
    );
    const probe = {
      personId: '',
      givenName: search.givenName ?? '',
      familyName: search.familyName,
      dateOfBirth: search.dateOfBirth,
      pncId: null,
      croNumber: null,
      phonetic: probePhonetic,
    };
    return people
      .flatMap((person) => {
        const score = scoreCandidate(probe, person);
        return score ? [scored(person, score)] : [];
      })
      .sort((a, b) => Number(b.confident) - Number(a.confident) || b.matchWeight! - a.matchWeight!);
  }

  /** `alreadyRead`: records this request has read ahead (by person); only the others are read now. */
  async ordersAgainst(
    actor: Actor,
    personIds: readonly string[],
    includeEnded: boolean,
    alreadyRead: ReadonlyMap<string, OrderRecord[]> = new Map(),
  ): Promise<Map<string, OrderView[]>> {
    const toRead = personIds.filter((id) => !alreadyRead.has(id));
    const records =
      toRead.length > 0 ? await this.reads.ordersForRespondents(toRead) : new Map<string, OrderRecord[]>();
    for (const id of personIds) if (alreadyRead.has(id)) records.set(id, alreadyRead.get(id)!);
    const asOf = this.clock();
    const views = personIds.flatMap((personId) =>
      (records.get(personId) ?? [])
        .map((r) => this.view(r, asOf))
        .filter((v) => includeEnded || isLive(v.status)),
    );
    const released = await this.access.release(actor, 'protectiveOrders', views, redactOrder);
    const result = new Map<string, OrderView[]>(personIds.map((id) => [id, []]));
    for (const view of released) result.get(view.respondentId)?.push(view);
    return result;
  }

  async orderByReference(actor: Actor, orderRef: string): Promise<OrderView | null> {
    await this.access.require(actor, 'ORDERS', 'protectiveOrder');
    const record = await this.reads.orderByRef(orderRef);
    if (!record) return null;
    const [view] = await this.access.release(
      actor,
      'protectiveOrder',
      [this.view(record, this.clock())],
      redactOrder,
    );
    return view ?? null;
  }

  /** Orders in the caller's own area (optionally at a postcode), live ones unless includeEnded. */
  async ordersInArea(
    actor: Actor,
    policeArea: string,
    postcode: string | null,
    includeEnded: boolean,
    page: PageRequest,
  ): Promise<Page<OrderView>> {
    await this.access.requireAreaListing(actor, 'ORDERS', policeArea, 'ordersInArea');
    // A postcode search reveals where protected people live: the caller must be entitled to addresses.
    if (postcode !== null)
      await this.access.require(actor, 'ADDRESS', 'ordersInArea', [`area:${policeArea}`]);
    const asOf = this.clock();
    const area = actor.area!;
    const read = await this.reads.ordersInArea(area, postcode, includeEnded ? null : asOf, page);
    const cursorOf = new Map(read.items.map((i) => [i.node.access.id, i.cursor]));
    const released = await this.access.release(
      actor,
      'ordersInArea',
      read.items.map((i) => this.view(i.node, asOf)),
      redactOrder,
    );
    const items = released.map((node) => ({ cursor: cursorOf.get(node.access.id)!, node }));
    return { items, hasNextPage: read.hasNextPage };
  }

  /**
   * A force acknowledges receipt of an order notified to it (docs/architecture.md). Only a police caller of the
   * order's own area may; the first acknowledgement stands and later ones return it.
   */
  async acknowledge(actor: Actor, orderRef: string) {
    await this.access.require(actor, 'ACKNOWLEDGE_ORDERS', 'acknowledgeOrder', [`order-ref:${orderRef}`]);
    const record = await this.reads.orderByRef(orderRef);
    if (!record) return null;
    const [visible] = await this.access.release(actor, 'acknowledgeOrder', [record]);
    if (!visible) return null;
    if (actor.agency !== 'police' || actor.area !== record.access.labels.policeArea) {
      throw new LookupError('FORBIDDEN', `only ${record.policeArea} police can acknowledge this order`);
    }
    const ack = await this.reads.acknowledge(record.orderId, record.policeArea, actor.subject);
    return { orderRef, policeArea: record.policeArea, ...ack };
  }

  /** Orders by id, each decided, redacted and audited for the caller under `operation`. */
  async releaseOrders(actor: Actor, operation: string, orderIds: readonly string[]): Promise<OrderView[]> {
    const asOf = this.clock();
    const found = await this.reads.ordersByIds(orderIds);
    const ordered = orderIds.flatMap((id) => {
      const record = found.get(id);
      return record ? [this.view(record, asOf)] : [];
    });
    return this.access.release(actor, operation, ordered, redactOrder);
  }

  acknowledgementsOf(orderIds: readonly string[]): Promise<Map<string, Acknowledgement[]>> {
    return this.reads.acknowledgements(orderIds);
  }

  /**
   * Timelines of many streams in one read (DataLoader batches a whole GraphQL response into one call).
   * Entries the caller may not see (a PPDA case's events, to the accused force) are left out of the page.
   */
  async timelines(
    actor: Actor,
    aggregates: readonly string[],
    first: number,
    after: string | null,
    knownAt: Date | null = null,
  ): Promise<Map<string, TimelinePage>> {
    // No request-level gate: a caller not entitled to case data gets empty timelines (each refusal
    // audited), so one field it may not read does not void the rest of its answer.
    const pages = await this.reads.timelines(aggregates, first, after, knownAt);
    const entries = [...pages.values()].flatMap((p) => p.entries);
    const operation = knownAt ? `timeline@asKnownAt=${knownAt.toISOString()}` : 'timeline';
    const released = await this.access.release(actor, operation, entries, redactTimelineEntry);
    const byPosition = new Map(released.map((e) => [`${e.aggregate}\u0000${e.eventId}`, e]));
    const result = new Map<string, TimelinePage>();
    for (const [aggregate, page] of pages) {
      result.set(aggregate, {
        entries: page.entries
          .map((e) => byPosition.get(`${e.aggregate}\u0000${e.eventId}`))
          .filter((e): e is TimelineEntryRecord => e !== undefined),
        hasNextPage: page.hasNextPage,
      });
    }
    return result;
  }

  /** Loads the orders a batch of change-feed messages announces, once for all subscribers. */
  loadAnnouncedOrders(orderIds: readonly string[]): Promise<Map<string, OrderRecord>> {
    return this.reads.ordersByIds(orderIds);
  }

  /** Timeline entries a batch of change-feed messages announces (with their labels), by event id. */
  loadAnnouncedEntries(aggregateEvents: readonly { aggregate: string; eventId: string }[]) {
    return this.reads.entriesByIds(aggregateEvents);
  }

  /**
   * A subscription delivery is a read like any other: decided, redacted and audited per subscriber and
   * delivery. null: this subscriber may not see it (nothing is delivered, the refusal is audited).
   */
  async deliverOrder(actor: Actor, record: OrderRecord): Promise<OrderView | null> {
    const [view] = await this.access.release(
      actor,
      'orderChanged',
      [this.view(record, this.clock())],
      redactOrder,
    );
    return view ?? null;
  }

  async deliverTimelineEntry(actor: Actor, entry: TimelineEntryRecord): Promise<TimelineEntryRecord | null> {
    const [released] = await this.access.release(actor, 'caseTimeline', [entry], redactTimelineEntry);
    return released ?? null;
  }

  private view(record: OrderRecord, asOf: Date): OrderView {
    return orderViewAt(record, asOf);
  }
}

/** An order with its status, the reason and when it became enforceable, as of an instant. */
export function orderViewAt(record: OrderRecord, asOf: Date): OrderView {
  const status = orderStatusAt(record, asOf);
  return {
    ...record,
    status,
    statusAsOf: asOf,
    statusReason: orderStatusReason(record, status),
    enforceableFrom: enforceableFrom(record),
  };
}

function exact(person: PersonRecord, matchedOn: MatchBasis, reason: string): PersonMatch {
  return {
    person,
    matchedOn,
    confidence: 1,
    confident: true,
    reason,
    matchWeight: null,
    comparisons: [],
    parametersVersion: null,
    mergedPersonIds: [],
    linkDecisions: [],
  };
}

function scored(person: PersonRecord, score: MatchScore): PersonMatch {
  return {
    person,
    matchedOn: score.basis,
    confidence: score.confidence,
    confident: score.confident,
    reason: score.reason,
    matchWeight: score.matchWeight,
    comparisons: score.comparisons,
    parametersVersion: score.parametersVersion,
    mergedPersonIds: [],
    linkDecisions: [],
  };
}
