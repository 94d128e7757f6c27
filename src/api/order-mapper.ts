import { type ExclusionZoneData, type OrderCondition } from '../domain/canonical-events';
import { type OrderView, type PersonRecord } from '../domain/read-records';
import { type PersonMatch } from '../domain/officer-lookup.service';
import { type LinkDecisionRecord } from '../domain/person-link-records';
import {
  type MatchBasisGql,
  type OrderStatusGql,
  type PersonGql,
  type PersonLinkDecisionGql,
  type PersonMatchGql,
  type ProtectiveOrderGql,
  type LinkVerdictGql,
} from './types';

const toConditionGql = (c: OrderCondition) => ({ paragraph: c.paragraph, code: c.code, text: c.text });
const toZoneGql = (z: ExclusionZoneData) => ({
  description: z.description,
  postcode: z.postcode,
  radiusMetres: z.radiusMetres,
});

export function toOrderGql(view: OrderView): ProtectiveOrderGql {
  return {
    id: view.orderId,
    reference: view.orderRef,
    orderType: view.orderType,
    sourceOrderCode: view.sourceOrderCode,
    status: view.status as OrderStatusGql,
    statusAsOf: view.statusAsOf,
    statusReason: view.statusReason,
    enforceableFrom: view.enforceableFrom,
    respondentPresent: view.respondentPresent,
    court: { code: view.courtCode, name: view.courtName },
    caseNumber: view.caseNumber,
    policeArea: view.policeArea,
    protectedPersons: view.protectedParties.map((p) => ({
      givenName: p.name.given,
      familyName: p.name.family,
      addressConfidential: p.addressConfidential,
      address: p.address,
    })),
    conditions: view.conditions.map(toConditionGql),
    powerOfArrest: view.powerOfArrest,
    withoutNotice: view.withoutNotice,
    madeAt: view.madeAt,
    effectiveFrom: view.effectiveFrom,
    expiresAt: view.expiresAt,
    untilFurtherOrder: view.expiresAt === null,
    servedAt: view.servedAt,
    serviceMethod: view.serviceMethod,
    exclusionZones: view.exclusionZones.map(toZoneGql),
    caseUrn: view.caseUrn,
    endedAt: view.endedAt,
    endedReason: view.endedReason,
    versions: view.versions.map((v) => ({
      version: v.version,
      eventId: v.eventId,
      eventType: v.eventType,
      at: v.at === null ? null : new Date(v.at),
      conditions: v.conditions?.map(toConditionGql) ?? null,
      exclusionZones: v.exclusionZones?.map(toZoneGql) ?? null,
      expiresAt: v.expiresAt ? new Date(v.expiresAt) : null,
      powerOfArrest: v.powerOfArrest ?? null,
      served: v.served ?? null,
      ended: v.ended ?? null,
      changed: v.changed ?? null,
    })),
    breachReferences: view.breachRefs,
    conflicts: view.conflicts,
    provenance: {
      sourceSystem: view.sourceSystem,
      grantedEventId: view.grantedEventId,
      servedEventId: view.servedEventId,
      assertedAt: view.assertedAt,
      receivedAt: view.receivedAt,
    },
  };
}

export function toPersonGql(person: PersonRecord): PersonGql {
  return {
    id: person.personId,
    givenName: person.givenName,
    familyName: person.familyName,
    dateOfBirth: person.dateOfBirth,
    pncId: person.pncId,
    croNumber: person.croNumber,
  };
}

/** A search hit or candidate link as the API shows it; exact PNC hits carry no weights. */
export function toMatchGql(
  person: PersonGql,
  m: Pick<
    PersonMatch,
    'matchedOn' | 'confidence' | 'confident' | 'reason' | 'comparisons' | 'parametersVersion'
  > & {
    matchWeight: number | null;
    mergedPersonIds?: string[];
    linkDecisions?: LinkDecisionRecord[];
  },
): PersonMatchGql {
  const merged = m.mergedPersonIds ?? [];
  return {
    person: merged.length > 0 && !person.asKnownAt ? { ...person, mergedIds: merged } : person,
    mergedRecords: merged,
    linkDecisions: (m.linkDecisions ?? []).map(toLinkDecisionGql),
    matchedOn: m.matchedOn as MatchBasisGql,
    confidence: m.confidence,
    confident: m.confident,
    reason: m.reason,
    matchWeight: m.matchWeight,
    comparisons: m.comparisons.map((c) => ({
      field: c.field,
      level: c.level,
      detail: c.detail,
      weight: c.weight,
    })),
    parametersVersion: m.parametersVersion,
  };
}

export function toLinkDecisionGql(d: LinkDecisionRecord): PersonLinkDecisionGql {
  return {
    id: d.decisionId,
    personIds: [d.personA, d.personB],
    decision: d.decision as LinkVerdictGql,
    reason: d.reason,
    decidedBy: d.decidedBy,
    policeArea: d.policeArea,
    decidedAt: d.decidedAt,
  };
}
