import { type ConnectorDefinition } from './contract/connector';
import { cpsConnector } from './cps-case-management/cps.connector';
import { familyCourtConnector } from './family-court-orders/family-court.connector';
import { courtResultsConnector } from './criminal-court-results/court-results.connector';
import { policeConnector } from './police-records/police.connector';
import { shieldlineEventsConnector } from './shieldline-events/shieldline-events.connector';

/** Explicit registry (no filesystem scanning): a connector exists when it is listed here. */
export const CONNECTORS: readonly ConnectorDefinition[] = [
  familyCourtConnector,
  shieldlineEventsConnector,
  cpsConnector,
  policeConnector,
  courtResultsConnector,
];

export function findConnector(id: string): ConnectorDefinition | undefined {
  return CONNECTORS.find((c) => c.id === id);
}
