import { findEventDefinition } from '../domain/catalogue';
import { resolvePersonIdentity } from '../domain/person-identity';
import { type CloudEvent } from '../messaging/envelope';
import {
  type PersonSighting,
  type ProjectionRepository,
  type TimelinePlacement,
} from '../persistence/repositories/projection.repository';
import { type ChangeMessage, type OrderChangeType } from '../messaging/change-messages';
import { EVENT_TYPES, type EventName } from '../domain/canonical-events';
import { routeEvent, streamKindOf, streamReference } from './event-routing';
import { foldBail } from './folds/bail.fold';
import { foldBreach, foldConduct } from './folds/breach.fold';
import { foldCase } from './folds/case.fold';
import { foldNotice } from './folds/notice.fold';
import { foldOrder } from './folds/order.fold';
import {
  type BailState,
  type BreachState,
  type CaseState,
  type ComputedDeadline,
  type FoldOutput,
  type NoticeState,
  type OrderState,
  type RaisedAlert,
} from '../domain/projection-state';
import { timelineSummary } from './timeline-summary';
import { acknowledgementJob, type ClockJobData, clockJobsFor } from './timer-jobs';
import { ACK_QUEUE, CLOCK_QUEUE, type ScheduledJob } from '../persistence/job-queue';
import { type ClockPolicy, type OpenClock } from '../domain/rules/clock-transitions';

const CHANGE_BY_TYPE: Record<string, OrderChangeType> = {
  [EVENT_TYPES.orderGranted]: 'GRANTED',
  [EVENT_TYPES.orderServed]: 'SERVED',
  [EVENT_TYPES.orderVaried]: 'VARIED',
  [EVENT_TYPES.orderExtended]: 'EXTENDED',
  [EVENT_TYPES.orderDischarged]: 'DISCHARGED',
  [EVENT_TYPES.orderRevoked]: 'REVOKED',
};

/**
 * Applies a batch of new events (already de-duplicated) to the projections and returns the changes to
 * announce. The events' people and stream memberships are recorded, then every stream they touch is
 * re-folded from the event store — so the result is the same for any delivery order, batching or
 * duplication, and a rebuild (rebuildProjections) reaches the live state.
 */
export async function projectEvents(
  repo: ProjectionRepository,
  events: readonly CloudEvent[],
  clockPolicy: ClockPolicy | null = null,
): Promise<ChangeMessage[]> {
  if (events.length === 0) return [];
  const people: PersonSighting[] = [];
  const memberships: { streamKey: string; eventId: string }[] = [];
  const touched = new Set<string>();
  const personTimeline: TimelinePlacement[] = [];
  for (const event of events) {
    const routing = routeEvent(event);
    const named = new Set<string>();
    for (const mention of routing.parties) {
      const identity = resolvePersonIdentity(mention.party, { eventId: event.id, role: mention.role });
      // A person's own timeline ("any history of domestic abuse for all parties", DAC:535) is insert-only,
      // so it is written per event rather than re-folded.
      if (!named.has(identity.personId))
        personTimeline.push(timelineRow(`person:${identity.personId}`, event));
      named.add(identity.personId);
      people.push({
        personId: identity.personId,
        basis: identity.basis,
        party: mention.party,
        event,
        role: mention.role,
      });
    }
    for (const key of routing.streams) {
      memberships.push({ streamKey: key, eventId: event.id });
      touched.add(key);
    }
  }
  // A reviewer's decision names two people already known: recorded as it is, no stream to re-fold.
  await repo.recordLinkDecisions(events.filter((e) => e.type === EVENT_TYPES.personLinkDecided));
  // A person whose row changed is queued for the link scorer in the same statement (link-scoring.ts).
  await repo.upsertPeople(people);
  const streamKeys = [...touched].sort();
  await repo.recordStreamsAndLock(memberships, streamKeys);
  return refoldStreams(repo, streamKeys, events, memberships, clockPolicy);
}

async function refoldStreams(
  repo: ProjectionRepository,
  streamKeys: readonly string[],
  newEvents: readonly CloudEvent[],
  memberships: readonly { streamKey: string; eventId: string }[],
  clockPolicy: ClockPolicy | null,
): Promise<ChangeMessage[]> {
  // Only the streams' earlier events come from the database; this batch's are already in hand.
  const streams = await repo.loadStreams(streamKeys, new Set(newEvents.map((e) => e.id)));
  // A stream with no earlier events has no deadline or alert rows to replace yet.
  const existing = streamKeys.filter((key) => (streams.get(key)?.length ?? 0) > 0);
  const byId = new Map(newEvents.map((e) => [e.id, e]));
  for (const { streamKey, eventId } of memberships) streams.get(streamKey)?.push(byId.get(eventId)!);
  const orders: OrderState[] = [];
  const bails: BailState[] = [];
  const notices: NoticeState[] = [];
  const cases: CaseState[] = [];
  const breaches: BreachState[] = [];
  const deadlines: ComputedDeadline[] = [];
  const alerts: RaisedAlert[] = [];
  const timeline: TimelinePlacement[] = [];
  const collect = (output: FoldOutput) => {
    deadlines.push(...output.deadlines);
    alerts.push(...output.alerts);
    for (const link of output.timelineLinks) timeline.push(timelineRow(link.streamKey, link.event));
  };
  const fresh = new Set(newEvents.map((e) => e.id));
  for (const [key, events] of streams) {
    const reference = streamReference(key);
    // Earlier events are on the stream's timeline already; links a fold adds (e.g. a bail record's history
    // onto its case once the case is known) are written for every event and de-duplicated by key.
    // A course of conduct is read from the perpetrator's records, not a timeline of its own.
    if (streamKindOf(key) !== 'conduct')
      for (const event of events) if (fresh.has(event.id)) timeline.push(timelineRow(key, event));
    switch (streamKindOf(key)) {
      case 'order': {
        const folded = foldOrder(reference, events);
        orders.push(folded);
        collect(folded);
        break;
      }
      case 'bail': {
        const folded = foldBail(reference, events);
        bails.push(folded);
        collect(folded);
        break;
      }
      case 'notice': {
        const folded = foldNotice(reference, events);
        notices.push(folded);
        collect(folded);
        break;
      }
      case 'case': {
        const folded = foldCase(reference, events);
        cases.push(folded);
        collect(folded);
        break;
      }
      case 'breach': {
        const folded = foldBreach(reference, events);
        breaches.push(folded);
        collect(folded);
        break;
      }
      case 'conduct':
        collect(foldConduct(reference, events));
        break;
      case 'disclosure':
        break;
    }
  }
  await repo.upsertOrders(orders);
  await repo.upsertBail(bails);
  await repo.upsertNotices(notices);
  await repo.upsertCases(cases);
  await repo.upsertBreaches(breaches);
  await repo.replaceDeadlines(existing, deadlines);
  if (clockPolicy) {
    const areas = [...deadlines.map((d) => d.policeArea), ...orders.map((o) => o.grant?.policeArea ?? null)];
    const forceLeads = await repo.forceLeads(areas);
    await repo.scheduleJobs(CLOCK_QUEUE, clockJobs(deadlines, orders, clockPolicy, forceLeads));
  }
  // Alerts clock transitions raised are the hub's own facts, not the events': a re-fold keeps them, and
  // a rebuild (where a stream's events may all be in one chunk) restores them.
  alerts.push(...(await repo.hubAlerts(streamKeys)));
  // Person timelines are read through person_assertion (OfficerReadRepository.timelines): not stored.
  const raised = await repo.replaceAlerts(existing, alerts);
  await repo.addTimelineEntries(timeline);

  const changes: ChangeMessage[] = [];
  const orderByRef = new Map(orders.map((o) => [o.orderRef, o]));
  for (const event of newEvents) {
    const changeType = CHANGE_BY_TYPE[event.type];
    if (!changeType) continue;
    const order = orderByRef.get((event.data as { orderRef: string }).orderRef);
    // Anything seen before the order itself is not shown; the GRANTED change that follows carries it.
    if (!order?.granted) continue;
    changes.push({
      kind: 'ORDER_CHANGED',
      changeType,
      eventId: event.id,
      orderId: order.orderId,
      orderRef: order.orderRef,
      policeArea: order.grant?.policeArea ?? null,
    });
  }
  // New entries on case timelines (the event's own case stream, or a link a fold added this batch).
  const caseArea = new Map(cases.map((c) => [c.caseUrn, c.policeArea]));
  const announcedCaseEvents = new Set<string>();
  for (const row of timeline) {
    if (!row.aggregate.startsWith('case:') || !fresh.has(row.event.id)) continue;
    const caseUrn = row.aggregate.slice(5);
    const key = `${caseUrn}|${row.event.id}`;
    if (announcedCaseEvents.has(key)) continue;
    announcedCaseEvents.add(key);
    changes.push({
      kind: 'CASE_EVENT',
      caseUrn,
      policeArea: caseArea.get(caseUrn) ?? null,
      eventId: row.event.id,
      eventType: row.event.type,
      agency: row.agency,
      summary: row.summary,
      occurredAt: row.event.time ?? null,
      receivedAt: row.event.receivedat,
      source: row.event.source,
    });
  }
  if (clockPolicy) await notifyForces(repo, changes, orderByRef, clockPolicy.now());
  for (const alert of raised) {
    changes.push({
      kind: 'ALERT_RAISED',
      alertId: alert.alertId,
      alertKind: alert.kind,
      policeArea: alert.policeArea,
      subjectRef: alert.streamKey,
      message: alert.message,
      citation: alert.citation,
      raisedBy: alert.raisedBy,
      raisedAt: alert.raisedAt,
    });
  }
  return changes;
}

/**
 * The first announcement of a live granted order to its force starts its wait for a person's
 * acknowledgement (src/projection/acknowledgement-watch.ts): recorded once per order and force, with the
 * first check timed by the force's setting.
 */
async function notifyForces(
  repo: ProjectionRepository,
  changes: readonly ChangeMessage[],
  orderByRef: ReadonlyMap<string, OrderState>,
  now: Date,
): Promise<void> {
  const rows = changes.flatMap((change) => {
    if (change.kind !== 'ORDER_CHANGED' || change.changeType !== 'GRANTED' || !change.policeArea) return [];
    const order = orderByRef.get(change.orderRef);
    const live =
      order &&
      order.ended === null &&
      (order.expiresAt === null || Date.parse(order.expiresAt) > now.getTime());
    if (!live) return [];
    return [
      {
        orderId: change.orderId,
        policeArea: change.policeArea,
        streamKey: `order:${change.orderRef}`,
        changeEventId: change.eventId,
      },
    ];
  });
  if (rows.length === 0) return;
  const fresh = await repo.recordNotifications(rows);
  await repo.scheduleJobs(
    ACK_QUEUE,
    fresh.map((n) =>
      acknowledgementJob(
        n.orderId,
        n.policeArea,
        1,
        new Date(n.notifiedAt.getTime() + n.acknowledgeWithinSeconds * 1000),
      ),
    ),
  );
}

/** The clock transitions still to come of the open clocks these folds computed (deadlines, orders' ends). */
export function clockJobs(
  deadlines: readonly ComputedDeadline[],
  orders: readonly OrderState[],
  policy: ClockPolicy,
  forceLeads: ReadonlyMap<string, Record<string, number>> = new Map(),
): ScheduledJob<ClockJobData>[] {
  const clocks: (OpenClock & { policeArea: string | null })[] = [
    ...deadlines
      .filter((d) => d.metBy === null && (d.dueOn !== null || d.dueAt !== null))
      .map((d) => ({
        clockId: d.deadlineId,
        ruleId: d.ruleId,
        dueOn: d.dueOn,
        dueAt: d.dueAt,
        policeArea: d.policeArea,
      })),
    ...orders
      .filter((o) => o.granted && o.ended === null && o.expiresAt !== null && o.grantedEvent)
      .map((o) => ({
        clockId: o.orderId,
        ruleId: 'ORDER_EXPIRY',
        dueOn: null,
        dueAt: o.expiresAt,
        policeArea: o.grant?.policeArea ?? null,
      })),
  ];
  const now = policy.now();
  return clocks.flatMap((clock) => clockJobsFor(clock, policy, forceLeads, now));
}

function timelineRow(aggregate: string, event: CloudEvent): TimelinePlacement {
  const definition = findEventDefinition(event.type)!;
  return {
    event,
    aggregate,
    agency: definition.agency,
    summary: timelineSummary(definition.name as EventName, event.data, event.time === undefined),
  };
}
