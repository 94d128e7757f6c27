import { type BailRecord } from './case-lookup.service';
import { type Page, type PageRequest } from './page';
import { type ExclusionZoneData, type OrderCondition, type PartyData } from './canonical-events';
import { nameKey } from './person-identity';
import { CONFIDENT_MATCH, type MatchBasis } from './person-matching';
import { isLive, type OrderStatus, orderStatusAt } from './order-status';

/** Who is asking and why: every read of personal data is audited with this (DPA 2018 s.62). */
export interface Actor {
  subject: string;
  agency: string;
  purpose: string;
  /** e.g. operator (dead letters), auditor (audit trail). From the verified token. */
  roles: readonly string[];
  /** Police force / area the holder works for; null for national roles. */
  area: string | null;
  /** The token's jti, when it has one (revocation). */
  tokenId: string | null;
  /** The token's expiry (ms since epoch); an open subscription stops delivering after it. */
  expiresAt?: number | null;
}

export interface PersonRecord {
  personId: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  pncId: string | null;
  croNumber: string | null;
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

export interface OrderRecord {
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
  versions: { version: number; eventId: string; eventType: string; at: string | null }[];
  breachRefs: string[];
  protectedIds: string[];
}

export interface TimelineEntryRecord {
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
}

export interface PersonMatch {
  person: PersonRecord;
  matchedOn: MatchBasis;
  /** 0–1; see person-matching.ts. Below CONFIDENT_MATCH the hit is a candidate to check, not a match. */
  confidence: number;
  confident: boolean;
  reason: string;
}

export interface PersonSearch {
  pncId?: string | null;
  familyName?: string | null;
  givenName?: string | null;
  dateOfBirth?: string | null;
}

/** Read side the lookup needs; implemented in src/persistence/repositories. */
export interface OfficerReadPort {
  findPeopleByPnc(pncId: string, readAhead?: ReadAhead): Promise<PersonRecord[]>;
  /** Same name (key or key prefix) and either this date of birth or none on record. */
  findPeopleByNameKey(
    nameKeyPrefix: string,
    dateOfBirth: string,
    readAhead?: ReadAhead,
  ): Promise<PersonRecord[]>;
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
  /** Up to `first` entries per aggregate after the cursor (null: from the start), in one statement. */
  timelines(
    aggregates: readonly string[],
    first: number,
    after: string | null,
  ): Promise<Map<string, TimelinePage>>;
}

export interface Acknowledgement {
  policeArea: string;
  acknowledgedBy: string;
  acknowledgedAt: Date;
}

export interface AuditPort {
  recordRead(actor: Actor, operation: string, recordIds: readonly string[]): Promise<void>;
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
 * The officer's one search: who is this, and what orders are live against them. Every method that
 * returns personal data writes an audit record before returning it.
 */
export class OfficerLookupService {
  constructor(
    private readonly reads: OfficerReadPort,
    private readonly audit: AuditPort,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async searchPeople(
    actor: Actor,
    search: PersonSearch,
    readAhead: ReadAhead = NO_READ_AHEAD,
  ): Promise<PersonMatch[]> {
    let matches: PersonMatch[];
    if (search.pncId) {
      matches = (await this.reads.findPeopleByPnc(search.pncId, readAhead)).map((person) =>
        match(person, 'PNC_ID', 1, 'exact PNC id'),
      );
    } else if (search.familyName && search.dateOfBirth) {
      // Given name is optional; when present it narrows the match (family|given key prefix).
      const key = nameKey(search.givenName ?? '', search.familyName);
      const prefix = search.givenName ? key : key.slice(0, key.indexOf('|') + 1);
      // Records with the name but no date of birth are shown as low-confidence candidates, never as
      // matches: court orders lacking a DOB are a known cause of false alerts (Standard Order 10.1).
      matches = (await this.reads.findPeopleByNameKey(prefix, search.dateOfBirth, readAhead))
        .map((person) =>
          person.dateOfBirth
            ? match(person, 'NAME_AND_DATE_OF_BIRTH', 0.85, 'same name and date of birth')
            : match(
                person,
                'NAME_ONLY',
                0.35,
                'same name; no date of birth on record, so never a confident match',
              ),
        )
        .sort((a, b) => b.confidence - a.confidence);
    } else {
      throw new LookupError('BAD_USER_INPUT', 'search by pncId, or by familyName and dateOfBirth');
    }
    await this.audit.recordRead(
      actor,
      'searchPeople',
      matches.map((m) => `person:${m.person.personId}`),
    );
    return matches;
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
    const result = new Map<string, OrderView[]>();
    const seen: string[] = [];
    for (const personId of personIds) {
      const views = (records.get(personId) ?? [])
        .map((r) => this.view(r, asOf))
        .filter((v) => includeEnded || isLive(v.status));
      seen.push(...views.map((v) => `order:${v.orderId}`));
      result.set(personId, views);
    }
    if (seen.length > 0) await this.audit.recordRead(actor, 'protectiveOrders', seen);
    return result;
  }

  async orderByReference(actor: Actor, orderRef: string): Promise<OrderView | null> {
    const record = await this.reads.orderByRef(orderRef);
    if (!record) return null;
    await this.audit.recordRead(actor, 'protectiveOrder', [`order:${record.orderId}`]);
    return this.view(record, this.clock());
  }

  /** Orders in an area (optionally at a postcode), live ones unless includeEnded; audited. */
  async ordersInArea(
    actor: Actor,
    policeArea: string,
    postcode: string | null,
    includeEnded: boolean,
    page: PageRequest,
  ): Promise<Page<OrderView>> {
    const asOf = this.clock();
    const read = await this.reads.ordersInArea(policeArea, postcode, includeEnded ? null : asOf, page);
    const items = read.items.map((i) => ({ cursor: i.cursor, node: this.view(i.node, asOf) }));
    if (items.length > 0)
      await this.audit.recordRead(
        actor,
        'ordersInArea',
        items.map((i) => `order:${i.node.orderId}`),
      );
    return { items, hasNextPage: read.hasNextPage };
  }

  /**
   * A force acknowledges receipt of an order notified to it (design.md §7). Only a police caller of the
   * order's own area may; the first acknowledgement stands and later ones return it.
   */
  async acknowledge(actor: Actor, orderRef: string) {
    const record = await this.reads.orderByRef(orderRef);
    if (!record) return null;
    if (actor.agency !== 'police' || actor.area !== record.policeArea) {
      throw new LookupError('FORBIDDEN', `only ${record.policeArea} police can acknowledge this order`);
    }
    const ack = await this.reads.acknowledge(record.orderId, record.policeArea, actor.subject);
    await this.audit.recordRead(actor, 'acknowledgeOrder', [`order:${record.orderId}`]);
    return { orderRef, policeArea: record.policeArea, ...ack };
  }

  acknowledgementsOf(orderIds: readonly string[]): Promise<Map<string, Acknowledgement[]>> {
    return this.reads.acknowledgements(orderIds);
  }

  /** Timelines of many orders in one read (DataLoader batches a whole GraphQL response into one call). */
  async timelines(
    actor: Actor,
    aggregates: readonly string[],
    first: number,
    after: string | null,
  ): Promise<Map<string, TimelinePage>> {
    const pages = await this.reads.timelines(aggregates, first, after);
    const seen = [...pages.values()].flatMap((p) => p.entries.map((e) => `event:${e.eventId}`));
    if (seen.length > 0) await this.audit.recordRead(actor, 'timeline', seen);
    return pages;
  }

  /** Loads the orders a batch of change-feed messages announces, once for all subscribers. */
  loadAnnouncedOrders(orderIds: readonly string[]): Promise<Map<string, OrderRecord>> {
    return this.reads.ordersByIds(orderIds);
  }

  /** Audits a read made elsewhere (e.g. operators reading dead letters). */
  async recordRead(actor: Actor, operation: string, recordIds: readonly string[]): Promise<void> {
    await this.audit.recordRead(actor, operation, recordIds);
  }

  /** A subscription delivery is a read like any other: audited per subscriber and delivery. */
  async deliverOrder(actor: Actor, record: OrderRecord): Promise<OrderView> {
    await this.audit.recordRead(actor, 'orderChanged', [`order:${record.orderId}`]);
    return this.view(record, this.clock());
  }

  private view(record: OrderRecord, asOf: Date): OrderView {
    return { ...record, status: orderStatusAt(record, asOf), statusAsOf: asOf };
  }
}

function match(person: PersonRecord, matchedOn: MatchBasis, confidence: number, reason: string): PersonMatch {
  return { person, matchedOn, confidence, confident: confidence >= CONFIDENT_MATCH, reason };
}
