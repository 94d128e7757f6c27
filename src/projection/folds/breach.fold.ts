import { rememberedUuid } from '../../common/ids';
import type * as E from '../../domain/canonical-events';
import { EVENT_TYPES } from '../../domain/canonical-events';
import { resolvePersonIdentity } from '../../domain/person-identity';
import { type CloudEvent } from '../../messaging/envelope';
import { streamKey } from '../event-routing';
import { inFoldOrder } from './fold-order';
import { type BreachState, type FoldOutput, type RaisedAlert } from '../../domain/projection-state';

export function breachIdFor(breachRef: string): string {
  return rememberedUuid('breach', breachRef);
}

const RANK: Record<string, number> = {
  [EVENT_TYPES.breachReported]: 0,
  [EVENT_TYPES.breachOutcomeRecorded]: 1,
};

/**
 * Pure fold of one breach's stream: the latest report (by source time) says what was breached and by
 * whom; outcomes accumulate. Its events are placed on what it breached and on its case, so the outcome
 * shows on the order's or bail's timeline next to the report.
 */
export function foldBreach(breachRef: string, events: readonly CloudEvent[]): BreachState & FoldOutput {
  const s: BreachState & FoldOutput = {
    breachId: breachIdFor(breachRef),
    breachRef,
    reported: false,
    policeArea: null,
    breachedKind: null,
    breachedRef: null,
    caseUrn: null,
    perpetratorId: null,
    victimId: null,
    crimeReference: null,
    description: null,
    occurredAt: null,
    reportedAt: null,
    reportedBy: null,
    outcomes: [],
    reportedEventId: null,
    receivedAt: null,
    version: 0,
    deadlines: [],
    alerts: [],
    timelineLinks: [],
  };
  const ordered = inFoldOrder(events, (t) => RANK[t] ?? 9);
  for (const event of ordered) {
    s.version += 1;
    if (event.type === EVENT_TYPES.breachReported) {
      const d = event.data as E.BreachReportedData;
      Object.assign(s, {
        reported: true,
        policeArea: d.policeArea,
        breachedKind: d.breached.kind,
        breachedRef: d.breached.reference,
        caseUrn: d.caseUrn,
        perpetratorId: resolvePersonIdentity(d.perpetrator, { eventId: event.id, role: 'perpetrator' })
          .personId,
        victimId: d.victim
          ? resolvePersonIdentity(d.victim, { eventId: event.id, role: 'victim' }).personId
          : null,
        crimeReference: d.crimeReference ?? null,
        description: d.description,
        occurredAt: d.occurredAt ?? null,
        reportedAt: event.time ?? null,
        reportedBy: d.reportedBy ?? null,
        reportedEventId: event.id,
        receivedAt: event.receivedat,
      });
    } else if (event.type === EVENT_TYPES.breachOutcomeRecorded) {
      const d = event.data as E.BreachOutcomeRecordedData;
      s.outcomes.push({ outcome: d.outcome, reason: d.reason, at: event.time ?? null, eventId: event.id });
    }
  }
  // The report names what was breached; an outcome does not, so it is placed there from here.
  if (s.reported && s.breachedKind && s.breachedRef) {
    const breached = ({ ORDER: 'order', BAIL: 'bail', NOTICE: 'notice' } as const)[s.breachedKind];
    for (const event of ordered) {
      if (event.type !== EVENT_TYPES.breachOutcomeRecorded) continue;
      s.timelineLinks.push({ streamKey: streamKey(breached, s.breachedRef), event });
      if (s.caseUrn) s.timelineLinks.push({ streamKey: streamKey('case', s.caseUrn), event });
    }
  }
  return s;
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth'];
const ordinal = (n: number) => ORDINALS[n - 1] ?? `${n}th`;

/**
 * Pure fold of one perpetrator's breaches (stream `conduct:<person id>`, every breach report naming them):
 * each breach after the first raises REPEAT_BREACH, so the second breach is never read in isolation
 * (DAC:739: breaches "are treated in isolation rather than in the context of patterns of behaviour"). The
 * alert counts every earlier breach, whichever order, bail or notice it was of, and says when one was
 * against the same person or the same order.
 */
export function foldConduct(perpetratorId: string, events: readonly CloudEvent[]): FoldOutput {
  const self = streamKey('conduct', perpetratorId);
  const alerts: RaisedAlert[] = [];
  // One entry per breach reference: a corrected report of the same breach is not a second breach.
  const latest = new Map<string, CloudEvent>();
  for (const event of inFoldOrder(events, (t) => RANK[t] ?? 9)) {
    if (event.type === EVENT_TYPES.breachReported)
      latest.set((event.data as E.BreachReportedData).breachRef, event);
  }
  const breaches = inFoldOrder([...latest.values()].map(occurrence), () => 0).map((placed) => {
    const event = latest.get((placed.data as E.BreachReportedData).breachRef)!;
    const data = event.data as E.BreachReportedData;
    const victimId = data.victim
      ? resolvePersonIdentity(data.victim, { eventId: event.id, role: 'victim' }).personId
      : null;
    return { event, data, victimId };
  });
  breaches.forEach(({ event, data: d, victimId }, index) => {
    if (index === 0) return;
    const earlier = breaches.slice(0, index);
    const sameOrder = earlier.filter(
      (b) => b.data.breached.kind === d.breached.kind && b.data.breached.reference === d.breached.reference,
    ).length;
    const sameVictim = victimId === null ? 0 : earlier.filter((b) => b.victimId === victimId).length;
    const previous = earlier[earlier.length - 1]!.data;
    const details = [
      `previous: ${previous.breachRef}, of ${previous.breached.kind.toLowerCase()} ${previous.breached.reference}`,
      sameOrder > 0 ? `${sameOrder} earlier of this ${d.breached.kind.toLowerCase()}` : null,
      sameVictim > 0 ? `${sameVictim} earlier against the same person` : null,
    ].filter((x): x is string => x !== null);
    alerts.push({
      alertId: rememberedUuid('alert', self, 'REPEAT_BREACH', d.breachRef),
      streamKey: self,
      kind: 'REPEAT_BREACH',
      message:
        `Repeat breach: ${d.breachRef} is this person's ${ordinal(index + 1)} reported breach ` +
        `(${details.join('; ')})`,
      citation: 'DAC:739 (breaches treated in isolation rather than in the context of patterns of behaviour)',
      policeArea: d.policeArea,
      subjectRef: d.breachRef,
      raisedBy: event.id,
      raisedAt: event.time ?? null,
    });
  });
  return { deadlines: [], alerts, timelineLinks: [] };
}

/** A breach is placed in the pattern by when it happened, when the source said; else when it was reported. */
function occurrence(event: CloudEvent): CloudEvent {
  const d = event.data as E.BreachReportedData;
  return d.occurredAt ? { ...event, time: d.occurredAt } : event;
}
