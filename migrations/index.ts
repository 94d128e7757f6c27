import { InitialSchema1763812800000 } from './1763812800000-InitialSchema';
import { DeadLetterRedrive1763899200000 } from './1763899200000-DeadLetterRedrive';
import { WholeDomain1763985600000 } from './1763985600000-WholeDomain';
import { AuditChain1764072000000 } from './1764072000000-AuditChain';
import { TokenRevocation1764158400000 } from './1764158400000-TokenRevocation';
import { OrderAcknowledgement1764244800000 } from './1764244800000-OrderAcknowledgement';
import { ConnectorCheckpoint1764331200000 } from './1764331200000-ConnectorCheckpoint';
import { AccessLabels1764417600000 } from './1764417600000-AccessLabels';
import { HubIdentity1764504000000 } from './1764504000000-HubIdentity';
import { LogIdentity1764590400000 } from './1764590400000-LogIdentity';
import { Reconciliation1764676800000 } from './1764676800000-Reconciliation';
import { RespondentPresent1764763200000 } from './1764763200000-RespondentPresent';
import { EventContentDigest1764849600000 } from './1764849600000-EventContentDigest';
import { ClockTransitions1764936000000 } from './1764936000000-ClockTransitions';
import { OrderEscalation1765022400000 } from './1765022400000-OrderEscalation';
import { ForceDelivery1765108800000 } from './1765108800000-ForceDelivery';
import { ForceClockLeads1765195200000 } from './1765195200000-ForceClockLeads';
import { VictimNotification1765281600000 } from './1765281600000-VictimNotification';
import { EndpointRetries1765368000000 } from './1765368000000-EndpointRetries';
import { EndpointTls1765454400000 } from './1765454400000-EndpointTls';
import { SourceConflicts1765627200000 } from './1765627200000-SourceConflicts';
import { PersonLinkage1765713600000 } from './1765713600000-PersonLinkage';
import { PersonLinkDecisions1765800000000 } from './1765800000000-PersonLinkDecisions';
import { PersonLinkCandidates1765886400000 } from './1765886400000-PersonLinkCandidates';
import { PersonAddresses1765972800000 } from './1765972800000-PersonAddresses';
import { PersonLinkPending1766059200000 } from './1766059200000-PersonLinkPending';
import { BreachesByArea1766145600000 } from './1766145600000-BreachesByArea';
import { Breaches1765540800000 } from './1765540800000-Breaches';

/** Every migration, in order. Listed explicitly so tsc output and Jest load the same set. */
export const MIGRATIONS = [
  InitialSchema1763812800000,
  DeadLetterRedrive1763899200000,
  WholeDomain1763985600000,
  AuditChain1764072000000,
  TokenRevocation1764158400000,
  OrderAcknowledgement1764244800000,
  ConnectorCheckpoint1764331200000,
  AccessLabels1764417600000,
  HubIdentity1764504000000,
  LogIdentity1764590400000,
  Reconciliation1764676800000,
  RespondentPresent1764763200000,
  EventContentDigest1764849600000,
  ClockTransitions1764936000000,
  OrderEscalation1765022400000,
  ForceDelivery1765108800000,
  ForceClockLeads1765195200000,
  VictimNotification1765281600000,
  EndpointRetries1765368000000,
  EndpointTls1765454400000,
  Breaches1765540800000,
  SourceConflicts1765627200000,
  PersonLinkage1765713600000,
  PersonLinkDecisions1765800000000,
  PersonLinkCandidates1765886400000,
  PersonAddresses1765972800000,
  PersonLinkPending1766059200000,
  BreachesByArea1766145600000,
];
