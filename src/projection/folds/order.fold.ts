import { rememberedUuid } from '../../common/ids';
import type * as E from '../../domain/canonical-events';
import { EVENT_TYPES } from '../../domain/canonical-events';
import { SourceAssertions } from '../../domain/field-conflicts';
import { resolvePersonIdentity } from '../../domain/person-identity';
import { type CloudEvent } from '../../messaging/envelope';
import { streamKey } from '../event-routing';
import { inFoldOrder } from './fold-order';
import {
  type FoldOutput,
  type OrderState,
  type OrderVersion,
  type OrderVersionField,
} from '../../domain/projection-state';

function changedFields(
  before: OrderVersion | undefined,
  after: Omit<OrderVersion, 'changed'>,
): OrderVersionField[] {
  const fields: OrderVersionField[] = [
    'conditions',
    'exclusionZones',
    'expiresAt',
    'powerOfArrest',
    'served',
    'ended',
  ];
  if (!before)
    return fields.filter(
      (f) => after[f] !== null && !(Array.isArray(after[f]) && after[f].length === 0) && after[f] !== false,
    );
  return fields.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
}

const LIFECYCLE_RANK: Record<string, number> = {
  [EVENT_TYPES.orderGranted]: 0,
  [EVENT_TYPES.orderVaried]: 1,
  [EVENT_TYPES.orderExtended]: 2,
  [EVENT_TYPES.orderServed]: 3,
  [EVENT_TYPES.breachReported]: 4,
  [EVENT_TYPES.orderDischarged]: 5,
  [EVENT_TYPES.orderRevoked]: 5,
};
const rank = (type: string) => LIFECYCLE_RANK[type] ?? 9;

export function orderIdFor(orderRef: string): string {
  return rememberedUuid('protective-order', orderRef);
}

/**
 * Pure fold of one order's whole stream. The latest grant (by source time) sets the order as made;
 * variations and extensions then replace the fields they carry; service marks it served; a discharge or
 * revocation ends it for good (never live again, whatever its dates say).
 */
export function foldOrder(orderRef: string, events: readonly CloudEvent[]): OrderState & FoldOutput {
  const state: OrderState & FoldOutput = {
    orderId: orderIdFor(orderRef),
    orderRef,
    granted: false,
    grant: null,
    respondentId: null,
    protectedIds: [],
    conditions: [],
    exclusionZones: [],
    powerOfArrest: null,
    expiresAt: null,
    served: false,
    servedAt: null,
    serviceMethod: null,
    ended: null,
    endedAt: null,
    endedReason: null,
    versions: [],
    breachRefs: [],
    conflicts: [],
    grantedEvent: null,
    servedEventId: null,
    version: 0,
    deadlines: [],
    alerts: [],
    timelineLinks: [],
  };
  const breaches: { event: CloudEvent; data: E.BreachReportedData }[] = [];
  // What each source says the order is (its grant) and when it was served: a variation or extension is
  // the court changing the order, not a source disagreeing, so only grants and services are compared.
  const asserted = new SourceAssertions();
  const ordered = inFoldOrder(events, rank);
  for (const event of ordered) {
    const isVersion = event.type !== EVENT_TYPES.breachReported;
    switch (event.type) {
      case EVENT_TYPES.orderGranted: {
        const data = event.data as E.OrderGrantedData;
        state.granted = true;
        state.grant = data;
        state.grantedEvent = event;
        state.respondentId = resolvePersonIdentity(data.respondent, {
          eventId: event.id,
          role: 'respondent',
        }).personId;
        state.protectedIds = data.protectedPersons.map(
          (p, i) => resolvePersonIdentity(p, { eventId: event.id, role: `protected-${i}` }).personId,
        );
        state.conditions = data.conditions;
        state.exclusionZones = data.exclusionZones ?? [];
        state.powerOfArrest = data.powerOfArrest;
        state.expiresAt = data.expiresAt;
        for (const [field, value] of [
          ['orderType', data.orderType],
          ['policeArea', data.policeArea],
          ['madeAt', data.madeAt],
          ['effectiveFrom', data.effectiveFrom],
          // null is the court's "until further order", a value in its own right (not "not given").
          ['expiresAt', data.expiresAt ?? 'until further order'],
          ['powerOfArrest', data.powerOfArrest],
          ['withoutNotice', data.withoutNotice],
          ['respondentPresent', data.respondentPresent],
          ['caseUrn', data.caseUrn],
        ] as const)
          asserted.assert(field, event.source, value);
        break;
      }
      case EVENT_TYPES.orderVaried: {
        const data = event.data as E.OrderVariedData;
        if (data.conditions) state.conditions = data.conditions;
        if (data.exclusionZones) state.exclusionZones = data.exclusionZones;
        if (data.powerOfArrest !== undefined && data.powerOfArrest !== null)
          state.powerOfArrest = data.powerOfArrest;
        break;
      }
      case EVENT_TYPES.orderExtended:
        state.expiresAt = (event.data as E.OrderExtendedData).expiresAt;
        break;
      case EVENT_TYPES.orderServed: {
        const data = event.data as E.OrderServedData;
        state.served = true;
        state.servedAt = data.servedAt;
        state.serviceMethod = data.method;
        state.servedEventId = event.id;
        asserted.assert('servedAt', event.source, data.servedAt);
        asserted.assert('serviceMethod', event.source, data.method);
        break;
      }
      case EVENT_TYPES.orderDischarged:
      case EVENT_TYPES.orderRevoked: {
        // The first end stands: an order cannot be discharged twice.
        if (state.ended === null) {
          state.ended = event.type === EVENT_TYPES.orderDischarged ? 'DISCHARGED' : 'REVOKED';
          state.endedAt = event.time ?? null;
          state.endedReason = (event.data as E.OrderEndedData).reason;
        }
        break;
      }
      case EVENT_TYPES.breachReported:
        breaches.push({ event, data: event.data as E.BreachReportedData });
        state.breachRefs.push((event.data as E.BreachReportedData).breachRef);
        break;
      default:
        break;
    }
    if (isVersion) {
      state.version += 1;
      const content = {
        version: state.version,
        eventId: event.id,
        eventType: event.type,
        at: event.time ?? null,
        conditions: state.conditions,
        exclusionZones: state.exclusionZones,
        expiresAt: state.expiresAt,
        powerOfArrest: state.powerOfArrest,
        served: state.served,
        ended: state.ended,
      };
      state.versions.push({ ...content, changed: changedFields(state.versions.at(-1), content) });
    }
  }

  state.conflicts = asserted.conflicts();
  const self = streamKey('order', orderRef);
  // Order expiry is a clock too, but it is the order's own expires_at column: the area deadline query
  // reads it from protective_order rather than from a copy in the deadline table.
  for (const { event, data } of breaches) {
    state.alerts.push({
      alertId: rememberedUuid('alert', self, 'BREACH_OF_ORDER', event.id),
      streamKey: self,
      kind: 'BREACH_OF_ORDER',
      message: `Breach of order ${orderRef} reported (${data.breachRef}): ${data.description}`,
      citation: null,
      policeArea: data.policeArea,
      subjectRef: orderRef,
      raisedBy: event.id,
      raisedAt: event.time ?? null,
    });
  }
  const caseUrn = state.grant?.caseUrn;
  if (caseUrn) {
    for (const event of ordered) state.timelineLinks.push({ streamKey: streamKey('case', caseUrn), event });
  }
  return state;
}
