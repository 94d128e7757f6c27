import { type Actor } from './actor';
import {
  type AddressView,
  decide,
  decideAreaListing,
  decideGrant,
  decideReach,
  type RecordLabels,
  type RefusalRule,
} from './access-policy';
import { type Capability, type DataClass } from './entitlements';
import { type Logger } from '../common/logger';

/** Append-only consultation log (DPA 2018 s.62); implemented in src/persistence/repositories. */
export interface AuditPort {
  recordRead(actor: Actor, operation: string, recordIds: readonly string[]): Promise<void>;
}

/** What every record the read side returns carries: its id (as audited), its labels, who it is about. */
export interface RecordAccess {
  /** e.g. order:<uuid>, case:<uuid>, event:<uuid>. */
  id: string;
  labels: RecordLabels;
  /** The people the record names, so "who looked at this person" covers it (audited as person:<id>). */
  personIds: readonly string[];
}

export interface Labelled {
  access: RecordAccess;
}

/** A refusal of a whole request (not of records within it): FORBIDDEN with the rule as reason. */
export class AccessDenied extends Error {
  readonly code = 'FORBIDDEN';
  constructor(readonly rule: RefusalRule) {
    super(`not entitled (${rule})`);
  }
}

/** How a released record is cut down to what the caller may see (addresses, free text). */
export type Redactor<T> = (record: T, address: AddressView, actor: Actor) => T;

/**
 * The one access step of the read side (as Immich's services do: decide → read → audit exactly what is
 * returned). Every service passes every record it returns through `release`, which decides each record
 * from its labels, redacts what the decision withholds, and audits what was released and what was
 * refused before anything is returned. Refused records are dropped silently for the caller — they are
 * indistinguishable from absent ones — and audited as refusals with the rule that refused them.
 */
export class AccessStep {
  constructor(
    private readonly audit: AuditPort,
    private readonly logger: Logger | null = null,
  ) {}

  async release<T extends Labelled>(
    actor: Actor,
    operation: string,
    records: readonly T[],
    redact?: Redactor<T>,
  ): Promise<T[]> {
    const released: T[] = [];
    const refused: { record: T; rule: RefusalRule }[] = [];
    for (const record of records) {
      const decision = decide(actor, record.access.labels);
      if (decision.allowed) released.push(redact ? redact(record, decision.address, actor) : record);
      else refused.push({ record, rule: decision.rule });
    }
    const writes: Promise<void>[] = [];
    if (released.length > 0) writes.push(this.audit.recordRead(actor, operation, auditIds(released)));
    if (refused.length > 0) {
      const rules = [...new Set(refused.map((r) => `rule:${r.rule}`))];
      this.logRefusal(actor, operation, rules, refused.length);
      writes.push(
        this.audit.recordRead(actor, `refused:${operation}`, [
          ...auditIds(refused.map((r) => r.record)),
          ...rules,
        ]),
      );
    }
    await Promise.all(writes);
    return released;
  }

  /** Refuses (and audits the refusal) unless the caller holds the grant at all. */
  async require(
    actor: Actor,
    grant: DataClass | Capability,
    operation: string,
    asked: readonly string[] = [],
  ): Promise<void> {
    const rule = decideGrant(actor, grant);
    if (rule) await this.refuse(actor, operation, asked, rule);
  }

  /** Refuses (and audits) unless the caller may list this police area's records of the class. */
  async requireAreaListing(actor: Actor, grant: DataClass, area: string, operation: string): Promise<void> {
    const rule = decideAreaListing(actor, grant, area);
    if (rule) await this.refuse(actor, operation, [`area:${area}`], rule);
  }

  /**
   * Refuses (and audits) unless the caller holds the grant and it reaches `area` (null: all areas; see
   * decideReach): the grant check and the area check in one.
   */
  async requireReach(
    actor: Actor,
    grant: DataClass,
    area: string | null,
    operation: string,
    asked: readonly string[] = [],
  ): Promise<void> {
    const rule = decideReach(actor, grant, area);
    if (rule) await this.refuse(actor, operation, [...asked, `area:${area ?? 'ALL'}`], rule);
  }

  /** Audits a refusal decided elsewhere (authentication, query limits) and throws it. */
  async refuse(actor: Actor, operation: string, asked: readonly string[], rule: RefusalRule): Promise<never> {
    this.logRefusal(actor, operation, [`rule:${rule}`], asked.length);
    await this.audit.recordRead(actor, `refused:${operation}`, [...asked, `rule:${rule}`]);
    throw new AccessDenied(rule);
  }

  /**
   * Once per refusal, for operators: who, what operation, by which rule, how many records — never which
   * records (the audit chain holds those; a log pipeline is not entitled to a PPDA case's ids).
   */
  private logRefusal(actor: Actor, operation: string, rules: readonly string[], records: number): void {
    this.logger?.info('access refused', {
      actor: actor.subject,
      agency: actor.agency,
      purpose: actor.purpose,
      operation,
      rules,
      records,
    });
  }

  /** Audits a read whose records carry no labels of their own (the audit trail, dead letters). */
  recordRead(actor: Actor, operation: string, recordIds: readonly string[]): Promise<void> {
    return recordIds.length > 0 ? this.audit.recordRead(actor, operation, recordIds) : Promise.resolve();
  }
}

function auditIds(records: readonly Labelled[]): string[] {
  const ids = new Set<string>();
  for (const { access } of records) {
    ids.add(access.id);
    for (const personId of access.personIds) ids.add(`person:${personId}`);
  }
  return [...ids];
}
