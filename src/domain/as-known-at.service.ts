import { type Actor } from '../security/actor';
import { AccessStep, type AuditPort } from '../security/access-step';
import { type BailRecord, type CaseRecordView } from './read-records';
import { orderViewAt } from './officer-lookup.service';
import { type OrderRecord, type OrderView, type PersonRecord } from './read-records';
import { isLive } from './order-status';
import { redactBail, redactCase, redactOrder } from './redact';

/** Records as the hub held them at an instant; implemented in src/persistence/repositories. */
export interface HistoryReadPort {
  ordersKnownAt(orderRefs: readonly string[], at: Date): Promise<OrderRecord[]>;
  ordersOfRespondentsKnownAt(personIds: readonly string[], at: Date): Promise<OrderRecord[]>;
  bailOfPeopleKnownAt(personIds: readonly string[], at: Date): Promise<BailRecord[]>;
  casesKnownAt(caseUrns: readonly string[], at: Date): Promise<CaseRecordView[]>;
  casesOfPeopleKnownAt(personIds: readonly string[], at: Date): Promise<CaseRecordView[]>;
  peopleKnownAt(personIds: readonly string[], at: Date): Promise<PersonRecord[]>;
}

/**
 * "What could the attending officer have seen at 02:14?" (a domestic homicide review's question): the
 * person, orders, bail and cases as the hub held them at an instant — from the events it had applied by
 * then (transaction time) — with each order's status as it was at that instant (valid time). Released
 * through the access step like every read, on today's labels, and audited under an operation that names
 * the instant, with the caller's purpose.
 */
export class AsKnownAtService {
  private readonly access: AccessStep;

  constructor(
    private readonly history: HistoryReadPort,
    audit: AuditPort,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.access = new AccessStep(audit);
  }

  /** The instant asked for, refused when it is still to come (nothing is known of the future). */
  checkInstant(at: Date): void {
    if (Number.isNaN(at.getTime())) throw new AsKnownAtError('asKnownAt is not a time');
    if (at.getTime() > this.clock().getTime())
      throw new AsKnownAtError(
        'asKnownAt is in the future: the hub knows nothing yet of what it will receive',
      );
  }

  async people(actor: Actor, personIds: readonly string[], at: Date): Promise<Map<string, PersonRecord>> {
    this.checkInstant(at);
    const rows = await this.history.peopleKnownAt(personIds, at);
    const released = await this.access.release(actor, operation('searchPeople', at), rows);
    return new Map(released.map((p) => [p.personId, p]));
  }

  async orderByReference(actor: Actor, orderRef: string, at: Date): Promise<OrderView | null> {
    this.checkInstant(at);
    await this.access.require(actor, 'ORDERS', operation('protectiveOrder', at));
    const views = (await this.history.ordersKnownAt([orderRef], at)).map((r) => view(r, at));
    const [released] = await this.access.release(actor, operation('protectiveOrder', at), views, redactOrder);
    return released ?? null;
  }

  async ordersAgainst(
    actor: Actor,
    personIds: readonly string[],
    includeEnded: boolean,
    at: Date,
  ): Promise<Map<string, OrderView[]>> {
    const views = (await this.history.ordersOfRespondentsKnownAt(personIds, at))
      .map((r) => view(r, at))
      .filter((v) => includeEnded || isLive(v.status));
    const released = await this.access.release(actor, operation('protectiveOrders', at), views, redactOrder);
    const result = new Map<string, OrderView[]>(personIds.map((id) => [id, []]));
    for (const order of released) result.get(order.respondentId)?.push(order);
    return result;
  }

  async bailFor(
    actor: Actor,
    personIds: readonly string[],
    includeEnded: boolean,
    at: Date,
  ): Promise<Map<string, BailRecord[]>> {
    const rows = (await this.history.bailOfPeopleKnownAt(personIds, at)).filter(
      (b) => includeEnded || b.status === 'ACTIVE',
    );
    const released = await this.access.release(actor, operation('bail', at), rows, redactBail);
    const result = new Map<string, BailRecord[]>(personIds.map((id) => [id, []]));
    for (const b of released) result.get(b.personId)?.push(b);
    return result;
  }

  async caseByUrn(actor: Actor, caseUrn: string, at: Date): Promise<CaseRecordView | null> {
    this.checkInstant(at);
    await this.access.require(actor, 'CASE', operation('case', at));
    const [released] = await this.access.release(
      actor,
      operation('case', at),
      await this.history.casesKnownAt([caseUrn], at),
      redactCase,
    );
    return released ?? null;
  }

  async casesFor(
    actor: Actor,
    personIds: readonly string[],
    at: Date,
  ): Promise<Map<string, CaseRecordView[]>> {
    const rows = await this.history.casesOfPeopleKnownAt(personIds, at);
    const released = await this.access.release(actor, operation('cases', at), rows, redactCase);
    const result = new Map<string, CaseRecordView[]>(personIds.map((id) => [id, []]));
    for (const c of released)
      for (const p of new Set(c.parties.map((x) => x.personId))) result.get(p)?.push(c);
    return result;
  }
}

export class AsKnownAtError extends Error {}

/** The audited operation names the instant: a review's reads are told apart from today's. */
const operation = (name: string, at: Date) => `${name}@asKnownAt=${at.toISOString()}`;

/** An order as the officer would have been told at `at`: its status as it stood then. */
const view = (record: OrderRecord, at: Date): OrderView => orderViewAt(record, at);
