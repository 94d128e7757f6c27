/**
 * The connector SDK: everything a connector may use, in one place. A connector (connectors/<id>/) imports
 * only from here and from its own folder (lint-enforced). A connector needs the SDK's types and readers,
 * and the canonical vocabulary it maps its source format into, which the domain owns (event types, data
 * shapes, code lists, the London calendar day).
 */
export * from './connector';
export * from './readers';
export * from './flat-record';
export * from './hostile-text';
export * from './json-formats';
export * from './json-validation';
export * from './exclusion-zones';
export * from './canonical-validation';

export * from '../../src/domain/canonical-events';
export { EVENT_CATALOGUE, findEventDefinition } from '../../src/domain/catalogue';
export {
  BAIL_AUTHORITIES,
  BAIL_STATUSES_AT_REFERRAL,
  BREACH_OUTCOMES,
  BREACH_REPORTERS,
  RISK_LEVELS,
} from '../../src/domain/catalogue/police.events';
export { londonCivilDate } from '../../src/domain/rules/calendar';
