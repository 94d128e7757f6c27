import type * as E from '../domain/canonical-events';
import { findEventDefinition } from '../domain/catalogue';
import { resolvePersonIdentity } from '../domain/person-identity';
import { type CloudEvent } from '../messaging/envelope';

/** Streams: the aggregates an event belongs to. A fold re-reads a whole stream whenever it changes. */
export type StreamKind = 'order' | 'bail' | 'notice' | 'case' | 'disclosure' | 'breach' | 'conduct';
export const streamKey = (kind: StreamKind, reference: string) => `${kind}:${reference}`;

export interface PartyMention {
  role: string;
  party: E.PartyData;
}

export interface EventRouting {
  /** The event's name in the catalogue (e.g. orderGranted). */
  name: E.EventName;
  streams: string[];
  parties: PartyMention[];
}

/**
 * Where an event goes: its streams (its own aggregate; the case when it names one; for a breach, also the
 * order, bail or notice it breaches, so that the breach is on their timelines, and its perpetrator's
 * course of conduct, so that a repeat is seen) and the people it names.
 */
export function routeEvent(event: CloudEvent): EventRouting {
  const definition = findEventDefinition(event.type);
  if (!definition) throw new RangeError(`unknown event type ${event.type}`);
  const name = definition.name as E.EventName;
  const d = event.data as Record<string, unknown>;
  const streams: string[] = [];
  const parties: PartyMention[] = [];
  const party = (role: string, value: unknown) => {
    if (value) parties.push({ role, party: value as E.PartyData });
  };
  const caseUrn = typeof d.caseUrn === 'string' ? d.caseUrn : null;
  if (typeof d.orderRef === 'string') streams.push(streamKey('order', d.orderRef));
  if (typeof d.bailRef === 'string') streams.push(streamKey('bail', d.bailRef));
  if (typeof d.noticeRef === 'string') streams.push(streamKey('notice', d.noticeRef));
  if (typeof d.disclosureRef === 'string') streams.push(streamKey('disclosure', d.disclosureRef));
  if (typeof d.breachRef === 'string') streams.push(streamKey('breach', d.breachRef));
  if (name === 'breachReported') {
    const data = d as E.BreachReportedData;
    const kind = ({ ORDER: 'order', BAIL: 'bail', NOTICE: 'notice' } as const)[data.breached.kind];
    streams.push(streamKey(kind, data.breached.reference));
    const perpetrator = resolvePersonIdentity(data.perpetrator, { eventId: event.id, role: 'perpetrator' });
    streams.push(streamKey('conduct', perpetrator.personId));
  }
  if (caseUrn) streams.push(streamKey('case', caseUrn));

  switch (name) {
    case 'orderGranted': {
      const data = d as E.OrderGrantedData;
      party('respondent', data.respondent);
      data.protectedPersons.forEach((p, i) => party(`protected-${i}`, p));
      break;
    }
    case 'courtBailGranted':
    case 'remandedInCustody':
    case 'sentencePassed':
      party('defendant', d.defendant);
      break;
    case 'incidentReported':
      party('victim', d.victim);
      party('suspect', d.suspect);
      break;
    case 'riskAssessed':
    case 'maracReferral':
      party('victim', d.victim);
      break;
    case 'suspectArrested':
    case 'voluntaryAttendance':
    case 'preChargeBailGranted':
    case 'releasedUnderInvestigation':
    case 'referredToCps':
      party('suspect', d.suspect);
      break;
    case 'dvpnIssued': {
      const data = d as E.DvpnIssuedData;
      party('perpetrator', data.perpetrator);
      data.protectedPersons.forEach((p, i) => party(`protected-${i}`, p));
      break;
    }
    case 'breachReported':
      party('perpetrator', d.perpetrator);
      party('victim', d.victim);
      break;
    case 'dvdsDisclosure':
      party('subject', d.subject);
      party('recipient', d.recipient);
      break;
    // Events that name nobody new: they refer to an order, bail, notice or case already named elsewhere.
    case 'orderServed':
    case 'orderVaried':
    case 'orderExtended':
    case 'orderDischarged':
    case 'orderRevoked':
    case 'courtBailVaried':
    case 'courtBailRevoked':
    case 'hearingListed':
    case 'hearingOutcome':
    case 'preChargeBailVaried':
    case 'preChargeBailCancelled':
    case 'dvpoApplied':
    case 'breachOutcomeRecorded':
    case 'cpsReferralReceived':
    case 'chargingDecision':
    case 'actionPlanIssued':
    case 'actionPlanCompleted':
    case 'timeLimitMarked':
      break;
    // A reviewer's decision about two people already known; projected into person_link_decision.
    case 'personLinkDecided':
      break;
  }
  return { name, streams, parties };
}

export function streamKindOf(key: string): StreamKind {
  return key.slice(0, key.indexOf(':')) as StreamKind;
}

export function streamReference(key: string): string {
  return key.slice(key.indexOf(':') + 1);
}
