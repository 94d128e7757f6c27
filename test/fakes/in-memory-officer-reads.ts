import { type Actor } from '../../src/security/actor';
import { type AuditPort } from '../../src/security/access-step';
import {
  type Acknowledgement,
  type LinkageProbe,
  type OfficerReadPort,
} from '../../src/domain/officer-lookup.service';
import { canonicalSurname } from '../../src/domain/linkage/name-forms';
import { type LinkDecisionRecord } from '../../src/domain/person-link-records';
import { type OrderRecord, type PersonRecord } from '../../src/domain/read-records';

/**
 * A fake of the officer read port over arrays (no database): enough to drive the lookup service's
 * decisions in unit tests. Reads it was not given data for fail loudly rather than answer empty.
 */
export class InMemoryOfficerReads implements OfficerReadPort {
  readonly acknowledged: { orderId: string; policeArea: string; by: string }[] = [];

  constructor(
    private readonly people: PersonRecord[] = [],
    private readonly orders: OrderRecord[] = [],
  ) {}

  /** The reviewers' decisions; each person is read with those of its pairs, as the repository does. */
  readonly linkDecisions: LinkDecisionRecord[] = [];

  private withDecisions(people: PersonRecord[]): PersonRecord[] {
    return people.map((p) => ({
      ...p,
      linkDecisions: this.linkDecisions.filter((d) => d.personA === p.personId || d.personB === p.personId),
    }));
  }

  findPeopleByIds(personIds: readonly string[]): Promise<PersonRecord[]> {
    return Promise.resolve(this.withDecisions(this.people.filter((p) => personIds.includes(p.personId))));
  }

  findPeopleByPnc(pncId: string): Promise<PersonRecord[]> {
    return Promise.resolve(this.withDecisions(this.people.filter((p) => p.pncId === pncId)));
  }

  /** The repository's blocks, with canonical spelling standing in for Double Metaphone. */
  findLinkageCandidates(probe: LinkageProbe) {
    const surname = canonicalSurname(probe.familyName);
    const people = this.people.filter(
      (p) =>
        (p.dateOfBirth !== null && probe.sameOrSwappedDates.includes(p.dateOfBirth)) ||
        (canonicalSurname(p.familyName) === surname &&
          (p.dateOfBirth === null || probe.dateVariants.includes(p.dateOfBirth))),
    );
    return Promise.resolve({ people: this.withDecisions(people), probePhonetic: null });
  }

  ordersForRespondents(personIds: readonly string[]): Promise<Map<string, OrderRecord[]>> {
    return Promise.resolve(
      new Map(personIds.map((id) => [id, this.orders.filter((o) => o.respondentId === id)])),
    );
  }

  orderByRef(orderRef: string): Promise<OrderRecord | null> {
    return Promise.resolve(this.orders.find((o) => o.orderRef === orderRef) ?? null);
  }

  ordersInArea(): never {
    throw new Error('InMemoryOfficerReads.ordersInArea: not faked');
  }

  acknowledge(orderId: string, policeArea: string, by: string) {
    const first = !this.acknowledged.some((a) => a.orderId === orderId && a.policeArea === policeArea);
    if (first) this.acknowledged.push({ orderId, policeArea, by });
    const standing = this.acknowledged.find((a) => a.orderId === orderId && a.policeArea === policeArea)!;
    return Promise.resolve({ acknowledgedBy: standing.by, acknowledgedAt: new Date(0), first });
  }

  acknowledgements(): Promise<Map<string, Acknowledgement[]>> {
    return Promise.resolve(new Map<string, Acknowledgement[]>());
  }

  ordersByIds(orderIds: readonly string[]): Promise<Map<string, OrderRecord>> {
    return Promise.resolve(
      new Map(this.orders.filter((o) => orderIds.includes(o.orderId)).map((o) => [o.orderId, o])),
    );
  }

  entriesByIds(): never {
    throw new Error('InMemoryOfficerReads.entriesByIds: not faked');
  }

  timelines(): never {
    throw new Error('InMemoryOfficerReads.timelines: not faked');
  }
}

/** An audit port that keeps what it was told, in order. */
export class RecordingAudit implements AuditPort {
  readonly entries: { subject: string; operation: string; recordIds: readonly string[] }[] = [];

  recordRead(actor: Actor, operation: string, recordIds: readonly string[]): Promise<void> {
    this.entries.push({ subject: actor.subject, operation, recordIds: [...recordIds] });
    return Promise.resolve();
  }
}
