import { type Actor } from '../security/actor';
import { AccessStep, type AuditPort } from '../security/access-step';
import { type CaseLookupService } from './case-lookup.service';
import {
  type BreachRecord,
  breachEnforced,
  type ConductEntry,
  type CourseOfConduct,
  courseOfConduct,
} from './course-of-conduct';
import { type OfficerLookupService } from './officer-lookup.service';

/**
 * A perpetrator–victim pair's history in one answer: incidents, breaches, orders, bail, notices and risk
 * over time, with counts and escalation (DAC:438: incidents "recorded in isolation"; DAC:739: breaches
 * "treated in isolation"). Every part is released by the services that own it, on its own labels: the
 * pattern holds only what the caller may read, and each of those reads is audited.
 */
export class CourseOfConductService {
  private readonly access: AccessStep;

  constructor(
    private readonly orders: OfficerLookupService,
    private readonly cases: CaseLookupService,
    audit: AuditPort,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.access = new AccessStep(audit);
  }

  async courseOfConduct(actor: Actor, perpetratorId: string, victimId: string): Promise<CourseOfConduct> {
    // An investigation view: the caller must be entitled to incidents before anything is read.
    await this.access.require(actor, 'INCIDENTS', 'courseOfConduct', [perpetratorId, victimId]);
    const [orders, notices, bail, incidents, breaches, cases] = await Promise.all([
      this.orders.ordersAgainst(actor, [perpetratorId], true),
      this.cases.noticesFor(actor, [perpetratorId]),
      this.cases.bailFor(actor, [perpetratorId], true),
      this.cases.incidentsFor(actor, [perpetratorId]),
      this.cases.breachesFor(actor, [perpetratorId]),
      this.cases.casesFor(actor, [perpetratorId]),
    ]);
    const pairCases = new Set(
      (cases.get(perpetratorId) ?? [])
        .filter((c) => c.parties.some((p) => p.personId === victimId))
        .map((c) => c.caseUrn),
    );
    const entries: ConductEntry[] = [];
    const instruments = new Set<string>();
    for (const order of orders.get(perpetratorId) ?? []) {
      if (!order.protectedIds.includes(victimId)) continue;
      instruments.add(`ORDER:${order.orderRef}`);
      entries.push({
        kind: 'ORDER',
        at: order.madeAt ?? order.effectiveFrom,
        on: null,
        reference: order.orderRef,
        policeArea: order.policeArea,
        summary: `${order.orderType} made by ${order.courtName} (${order.statusReason})`,
        riskLevel: null,
      });
    }
    for (const notice of notices.get(perpetratorId) ?? []) {
      if (notice.perpetratorId !== perpetratorId || !notice.protectedIds.includes(victimId)) continue;
      instruments.add(`NOTICE:${notice.noticeRef}`);
      entries.push({
        kind: 'NOTICE',
        at: new Date(notice.servedAt),
        on: null,
        reference: notice.noticeRef,
        policeArea: notice.policeArea,
        summary:
          `${notice.noticeType} ${notice.noticeType === 'DAPN' ? 'given' : 'served'}` +
          (notice.dvpoApplication
            ? `; ${notice.noticeType === 'DAPN' ? 'DAPO' : 'DVPO'} applied for at ${notice.dvpoApplication.court.name}`
            : ''),
        riskLevel: null,
      });
    }
    for (const b of bail.get(perpetratorId) ?? []) {
      if (!b.caseUrn || !pairCases.has(b.caseUrn)) continue;
      instruments.add(`BAIL:${b.bailRef}`);
      entries.push({
        kind: 'BAIL',
        at: null,
        on: b.bailedOn,
        reference: b.bailRef,
        policeArea: b.policeArea,
        summary: `${b.kind === 'COURT' ? 'Court' : 'Pre-charge'} bail, ${b.status.toLowerCase()}`,
        riskLevel: null,
      });
    }
    for (const { incident, access } of incidents.get(perpetratorId) ?? []) {
      if (incident.suspectId !== perpetratorId || incident.victimId !== victimId) continue;
      entries.push({
        kind: 'INCIDENT',
        at: incident.reportedAt ? new Date(incident.reportedAt) : null,
        on: null,
        reference: incident.crimeReference,
        policeArea: access.labels.policeArea,
        summary: `Incident${incident.domesticAbuse ? ' (domestic abuse)' : ''}: ${incident.offences
          .map((o) => o.description)
          .join('; ')}`,
        riskLevel: null,
      });
    }
    const pairBreaches: BreachRecord[] = (breaches.get(perpetratorId) ?? []).filter(
      (b) =>
        b.perpetratorId === perpetratorId &&
        (b.victimId === victimId ||
          // The report did not name the victim: it belongs to the pair when what it breached protects them.
          (b.victimId === null && instruments.has(`${b.breachedKind}:${b.breachedRef}`))),
    );
    for (const b of pairBreaches) {
      const outcome = b.outcomes[b.outcomes.length - 1]?.outcome ?? null;
      entries.push({
        kind: 'BREACH',
        at: b.occurredAt ?? b.reportedAt,
        on: null,
        reference: b.breachRef,
        policeArea: b.policeArea,
        summary:
          `Breach of ${b.breachedKind.toLowerCase()} ${b.breachedRef}: ${b.description}` +
          ` — ${outcome ? `outcome ${outcome}` : 'no outcome recorded'}` +
          (breachEnforced(b) ? '' : ' (not enforced)'),
        riskLevel: null,
      });
    }
    const risks = await this.cases.riskFor(actor, [victimId]);
    for (const { risk, caseUrn, access } of risks.get(victimId) ?? []) {
      if (!pairCases.has(caseUrn)) continue;
      entries.push({
        kind: 'RISK_ASSESSMENT',
        at: null,
        on: risk.assessedOn,
        reference: risk.assessmentRef,
        policeArea: access.labels.policeArea,
        summary: `${risk.tool} risk assessment: ${risk.level}`,
        riskLevel: risk.level,
      });
    }
    return courseOfConduct({
      perpetratorId,
      victimId,
      asOf: this.clock(),
      entries,
      breaches: pairBreaches,
    });
  }
}
