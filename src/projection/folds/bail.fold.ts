import { rememberedUuid } from '../../common/ids';
import type * as E from '../../domain/canonical-events';
import { EVENT_TYPES } from '../../domain/canonical-events';
import { resolvePersonIdentity } from '../../domain/person-identity';
import { preChargeBailPeriod, preChargeBailBasis } from '../../domain/rules/deadlines';
import { type CloudEvent } from '../../messaging/envelope';
import { streamKey } from '../event-routing';
import { inFoldOrder } from './fold-order';
import { type BailState, type FoldOutput } from '../../domain/projection-state';

const RANK: Record<string, number> = {
  [EVENT_TYPES.preChargeBailGranted]: 0,
  [EVENT_TYPES.courtBailGranted]: 0,
  [EVENT_TYPES.preChargeBailVaried]: 1,
  [EVENT_TYPES.courtBailVaried]: 1,
  [EVENT_TYPES.breachReported]: 2,
  [EVENT_TYPES.preChargeBailCancelled]: 3,
  [EVENT_TYPES.courtBailRevoked]: 3,
};

export function bailIdFor(bailRef: string): string {
  return rememberedUuid('bail', bailRef);
}

/** Pure fold of one bail record (pre-charge or court) with its clocks and alerts. */
export function foldBail(bailRef: string, events: readonly CloudEvent[]): BailState & FoldOutput {
  const s: BailState & FoldOutput = {
    bailId: bailIdFor(bailRef),
    bailRef,
    granted: false,
    kind: null,
    caseUrn: null,
    policeArea: null,
    personId: null,
    person: null,
    courtName: null,
    conditions: [],
    bailedOn: null,
    authorisedBy: null,
    returnOn: null,
    victimViewsSought: null,
    status: 'ACTIVE',
    endedReason: null,
    grantedEventId: null,
    breachRefs: [],
    version: 0,
    deadlines: [],
    alerts: [],
    timelineLinks: [],
  };
  const self = streamKey('bail', bailRef);
  let endedBy: string | null = null;
  const breaches: { event: CloudEvent; data: E.BreachReportedData }[] = [];
  const ordered = inFoldOrder(events, (t) => RANK[t] ?? 9);
  for (const event of ordered) {
    switch (event.type) {
      case EVENT_TYPES.preChargeBailGranted: {
        const d = event.data as E.PreChargeBailGrantedData;
        Object.assign(s, {
          granted: true,
          kind: 'PRE_CHARGE',
          caseUrn: d.caseUrn,
          policeArea: d.policeArea,
          person: d.suspect,
          personId: resolvePersonIdentity(d.suspect, { eventId: event.id, role: 'suspect' }).personId,
          conditions: d.conditions,
          bailedOn: d.bailedOn,
          arrestedOn: d.arrestedOn ?? null,
          authorisedBy: d.authorisedBy,
          returnOn: d.returnOn,
          victimViewsSought: d.victimViewsSought,
          grantedEventId: event.id,
        });
        break;
      }
      case EVENT_TYPES.courtBailGranted: {
        const d = event.data as E.CourtBailGrantedData;
        Object.assign(s, {
          granted: true,
          kind: 'COURT',
          caseUrn: d.caseUrn,
          policeArea: d.policeArea,
          person: d.defendant,
          personId: resolvePersonIdentity(d.defendant, { eventId: event.id, role: 'defendant' }).personId,
          courtName: d.court.name,
          conditions: d.conditions,
          returnOn: d.nextHearingOn,
          grantedEventId: event.id,
        });
        break;
      }
      case EVENT_TYPES.preChargeBailVaried: {
        const d = event.data as E.PreChargeBailVariedData;
        if (d.conditions) s.conditions = d.conditions;
        if (d.returnOn) s.returnOn = d.returnOn;
        if (d.authorisedBy) s.authorisedBy = d.authorisedBy;
        s.victimViewsSought = d.victimViewsSought;
        break;
      }
      case EVENT_TYPES.courtBailVaried: {
        const d = event.data as E.CourtBailVariedData;
        if (d.conditions) s.conditions = d.conditions;
        if (d.nextHearingOn) s.returnOn = d.nextHearingOn;
        break;
      }
      case EVENT_TYPES.preChargeBailCancelled:
      case EVENT_TYPES.courtBailRevoked:
        if (s.status === 'ACTIVE') {
          s.status = event.type === EVENT_TYPES.courtBailRevoked ? 'REVOKED' : 'CANCELLED';
          s.endedReason = (event.data as E.BailEndedData).reason;
          endedBy = event.id;
        }
        break;
      case EVENT_TYPES.breachReported:
        breaches.push({ event, data: event.data as E.BreachReportedData });
        s.breachRefs.push((event.data as E.BreachReportedData).breachRef);
        break;
      default:
        break;
    }
    if (event.type !== EVENT_TYPES.breachReported) s.version += 1;
  }

  if (s.granted && s.grantedEventId) {
    if (s.kind === 'PRE_CHARGE' && s.bailedOn && s.authorisedBy) {
      const rule = preChargeBailPeriod;
      s.deadlines.push({
        deadlineId: rememberedUuid('deadline', self, rule.id),
        streamKey: self,
        ruleId: rule.id,
        description: `${rule.description}; ${preChargeBailBasis(s.arrestedOn)}`,
        citation: rule.citation.source,
        verified: rule.citation.verified,
        dueOn: rule.dueOn({ bailedOn: s.bailedOn, arrestedOn: s.arrestedOn, authorisedBy: s.authorisedBy }),
        dueAt: null,
        policeArea: s.policeArea,
        subjectRef: bailRef,
        startedBy: s.grantedEventId,
        metBy: endedBy,
      });
    }
    if (s.returnOn) {
      s.deadlines.push({
        deadlineId: rememberedUuid('deadline', self, 'BAIL_RETURN'),
        streamKey: self,
        ruleId: s.kind === 'COURT' ? 'COURT_BAIL_NEXT_HEARING' : 'PRE_CHARGE_BAIL_RETURN',
        description:
          s.kind === 'COURT'
            ? 'Defendant on bail must attend the next hearing; conditions run until then'
            : 'Suspect must answer bail on the return date',
        citation: 'the bail record’s own date; DAC:890 (victims need to know when bail conditions expire)',
        verified: true,
        dueOn: s.returnOn,
        dueAt: null,
        policeArea: s.policeArea,
        subjectRef: bailRef,
        startedBy: s.grantedEventId,
        metBy: endedBy,
      });
    }
    if (s.kind === 'PRE_CHARGE' && s.victimViewsSought === false && s.status === 'ACTIVE') {
      s.alerts.push({
        alertId: rememberedUuid('alert', self, 'VICTIM_VIEWS_NOT_SOUGHT'),
        streamKey: self,
        kind: 'VICTIM_VIEWS_NOT_SOUGHT',
        message: `Pre-charge bail ${bailRef} was set without taking the victim's views`,
        citation: 'DAC:608 (duty to take the views of the victim into account)',
        policeArea: s.policeArea,
        subjectRef: bailRef,
        raisedBy: s.grantedEventId,
        raisedAt: null,
      });
    }
  }
  for (const { event, data } of breaches) {
    s.alerts.push({
      alertId: rememberedUuid('alert', self, 'BREACH_OF_BAIL', event.id),
      streamKey: self,
      kind: 'BREACH_OF_BAIL',
      message: `Breach of bail ${bailRef} reported (${data.breachRef}): ${data.description}`,
      citation: 'JJP:402 (robustly pursue those who breach bail conditions)',
      policeArea: data.policeArea,
      subjectRef: bailRef,
      raisedBy: event.id,
      raisedAt: event.time ?? null,
    });
  }
  if (s.caseUrn) {
    for (const event of ordered) s.timelineLinks.push({ streamKey: streamKey('case', s.caseUrn), event });
  }
  return s;
}
