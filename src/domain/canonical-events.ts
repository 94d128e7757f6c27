import { type Static } from '@sinclair/typebox';
import * as catalogue from './catalogue';
import { type Party } from './catalogue/schema-parts';

/**
 * Canonical event payloads (the `data` of each CloudEvent), as TypeScript types derived from the catalogue
 * in ./catalogue — the same definitions that are emitted as JSON Schemas to schema/events/.
 */
export { ORDER_TYPES } from './catalogue';
export type OrderType = (typeof catalogue.ORDER_TYPES)[number];

export const EVENT_TYPES = Object.fromEntries(
  catalogue.EVENT_CATALOGUE.map((definition) => [definition.name, definition.type]),
) as Readonly<Record<EventName, string>>;

export type EventName =
  | (typeof catalogue.COURT_EVENTS)[number]['name']
  | (typeof catalogue.POLICE_EVENTS)[number]['name']
  | (typeof catalogue.CPS_EVENTS)[number]['name'];

export type PartyData = Static<typeof Party>;
export type PersonalName = PartyData['name'];
export type PostalAddress = NonNullable<PartyData['address']>;
export type OffenceData = Static<typeof catalogue.incidentReported.data>['offences'][number];
export type OrderCondition = Static<typeof catalogue.orderGranted.data>['conditions'][number];
export type ExclusionZoneData = NonNullable<
  Static<typeof catalogue.orderGranted.data>['exclusionZones']
>[number];
export type ServiceMethod = Static<typeof catalogue.orderServed.data>['method'];

export type OrderGrantedData = Static<typeof catalogue.orderGranted.data>;
export type OrderServedData = Static<typeof catalogue.orderServed.data>;
export type OrderVariedData = Static<typeof catalogue.orderVaried.data>;
export type OrderExtendedData = Static<typeof catalogue.orderExtended.data>;
export type OrderEndedData = Static<typeof catalogue.orderDischarged.data>;
export type CourtBailGrantedData = Static<typeof catalogue.courtBailGranted.data>;
export type CourtBailVariedData = Static<typeof catalogue.courtBailVaried.data>;
export type BailEndedData = Static<typeof catalogue.courtBailRevoked.data>;
export type RemandedData = Static<typeof catalogue.remandedInCustody.data>;
export type HearingListedData = Static<typeof catalogue.hearingListed.data>;
export type HearingOutcomeData = Static<typeof catalogue.hearingOutcome.data>;
export type SentencePassedData = Static<typeof catalogue.sentencePassed.data>;
export type IncidentReportedData = Static<typeof catalogue.incidentReported.data>;
export type RiskAssessedData = Static<typeof catalogue.riskAssessed.data>;
export type SuspectEventData = Static<typeof catalogue.suspectArrested.data>;
export type PreChargeBailGrantedData = Static<typeof catalogue.preChargeBailGranted.data>;
export type PreChargeBailVariedData = Static<typeof catalogue.preChargeBailVaried.data>;
export type ReleasedUnderInvestigationData = Static<typeof catalogue.releasedUnderInvestigation.data>;
export type DvpnIssuedData = Static<typeof catalogue.dvpnIssued.data>;
export type DvpoAppliedData = Static<typeof catalogue.dvpoApplied.data>;
export type BreachReportedData = Static<typeof catalogue.breachReported.data>;
export type BreachOutcomeRecordedData = Static<typeof catalogue.breachOutcomeRecorded.data>;
export type ReferredToCpsData = Static<typeof catalogue.referredToCps.data>;
export type MaracReferralData = Static<typeof catalogue.maracReferral.data>;
export type DvdsDisclosureData = Static<typeof catalogue.dvdsDisclosure.data>;
export type PersonLinkDecidedData = Static<typeof catalogue.personLinkDecided.data>;
export type CpsReferralReceivedData = Static<typeof catalogue.cpsReferralReceived.data>;
export type ChargingDecisionData = Static<typeof catalogue.chargingDecision.data>;
export type ActionPlanIssuedData = Static<typeof catalogue.actionPlanIssued.data>;
export type ActionPlanCompletedData = Static<typeof catalogue.actionPlanCompleted.data>;
export type TimeLimitMarkedData = Static<typeof catalogue.timeLimitMarked.data>;

export function orderRef(courtCode: string, caseNumber: string, orderNumber: string): string {
  return `${courtCode}/${caseNumber}/${orderNumber}`;
}
