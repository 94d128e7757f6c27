import { type Actor, normaliseArea } from './actor';
import { type Capability, type DataClass, type Grants, grantsOf } from './entitlements';

/**
 * The labels every record the read side returns carries (set by the repository from the row itself, so
 * no query can leave them out). Access to the record is decided from these alone, once per record.
 */
export interface RecordLabels {
  /** What the record holds. */
  dataClass: DataClass;
  /** Police area the record belongs to (upper case); null when unknown, which never widens access. */
  policeArea: string | null;
  /** PPDA: the accused officer's force when the record belongs to a police-perpetrated abuse case. */
  restrictedTo: string | null;
  /**
   * The record holds, or may hold in free text, an address that must stay within its police area (a
   * protected person's home, a refuge): true unless the source said otherwise.
   */
  confidentialAddress: boolean;
}

/** The rule that refused a record or a request (audited, and given as extensions.reason). */
export type RefusalRule =
  | 'UNAUTHENTICATED'
  | 'IMMIGRATION_FIREWALL'
  | 'NOT_ENTITLED'
  | 'NO_AREA'
  | 'OUTSIDE_AREA'
  | 'PPDA_RESTRICTED';

/**
 * How much address detail a released record may show. ALL: every address. NON_CONFIDENTIAL: addresses
 * the source did not mark confidential (free text of a record that may hold one is redacted). NONE: no
 * address, structured or in free text.
 */
export type AddressView = 'ALL' | 'NON_CONFIDENTIAL' | 'NONE';

export type Decision = { allowed: true; address: AddressView } | { allowed: false; rule: RefusalRule };

/**
 * The holder's police area, when its agency has one: police forces and IDVA services are organised by
 * police area, CPS areas and court circuits are not, so a CPS token whose area code equals a force's
 * never counts as that force.
 */
export function policeAreaOf(actor: Pick<Actor, 'agency' | 'area'>): string | null {
  return actor.agency === 'police' || actor.agency === 'idva' ? normaliseArea(actor.area) : null;
}

/**
 * Grants are computed from (agency, roles, purpose), which are fixed for an actor: remembered per actor
 * object (decided once per record, so this runs for every record of every answer), and per claim set.
 */
const grantsByActor = new WeakMap<object, Grants>();
const grantCache = new Map<string, Grants>();
export function grantsFor(actor: Pick<Actor, 'agency' | 'roles' | 'purpose'>): Grants {
  let grants = grantsByActor.get(actor);
  if (grants) return grants;
  const key = `${actor.agency}\u0000${actor.purpose}\u0000${[...actor.roles].sort().join(',')}`;
  grants = grantCache.get(key);
  if (!grants) {
    grants = grantsOf(actor);
    if (grantCache.size > 1000) grantCache.clear();
    grantCache.set(key, grants);
  }
  grantsByActor.set(actor, grants);
  return grants;
}

/** May this caller read this record? Deny by default: only what the entitlement table grants. */
export function decide(actor: Actor, labels: RecordLabels): Decision {
  if (actor.agency === 'immigration') return { allowed: false, rule: 'IMMIGRATION_FIREWALL' };
  const grants = grantsFor(actor);
  const grant = grants.get(labels.dataClass);
  if (!grant) return { allowed: false, rule: 'NOT_ENTITLED' };
  const ownArea = policeAreaOf(actor);
  if (grant.requiresArea && ownArea === null) return { allowed: false, rule: 'NO_AREA' };
  const recordArea = normaliseArea(labels.policeArea);
  if (grant.reach === 'OWN_AREA' && (recordArea === null || recordArea !== ownArea))
    return { allowed: false, rule: 'OUTSIDE_AREA' };
  // DAC:1394, DAC:1435: the accused officer's force does not read the case, except named roles. Only
  // police callers are that force (agency-aware); a police caller without an area never gets here.
  const restrictedTo = normaliseArea(labels.restrictedTo);
  if (
    restrictedTo !== null &&
    actor.agency === 'police' &&
    ownArea === restrictedTo &&
    !grants.has('PPDA_CASE')
  )
    return { allowed: false, rule: 'PPDA_RESTRICTED' };
  return { allowed: true, address: addressView(actor, grants, recordArea) };
}

function addressView(actor: Actor, grants: Grants, recordArea: string | null): AddressView {
  const grant = grants.get('ADDRESS');
  if (!grant) return 'NONE';
  const ownArea = policeAreaOf(actor);
  if (grant.requiresArea && ownArea === null) return 'NONE';
  // DAC:747 (police need to know where the victim resides), DAC:618 (a safe house the perpetrator may
  // know of): a confidential address only within the record's own police area (a design inference).
  return recordArea !== null && recordArea === ownArea ? 'ALL' : 'NON_CONFIDENTIAL';
}

/** May this caller do this (publish, acknowledge, revoke) or read this kind of data at all? */
export function decideGrant(actor: Actor, grant: DataClass | Capability): RefusalRule | null {
  if (actor.agency === 'immigration') return 'IMMIGRATION_FIREWALL';
  const found = grantsFor(actor).get(grant);
  if (!found) return 'NOT_ENTITLED';
  if (found.requiresArea && policeAreaOf(actor) === null) return 'NO_AREA';
  return null;
}

/**
 * May this caller list a police area's records (alerts, clocks, orders by area, area subscriptions)? Only
 * its own area: a control room sees its own board; another force reads records one by one instead.
 */
export function decideAreaListing(actor: Actor, grant: DataClass, area: string): RefusalRule | null {
  const refused = decideGrant(actor, grant);
  if (refused) return refused;
  const ownArea = policeAreaOf(actor);
  if (ownArea === null) return 'NO_AREA';
  return ownArea === normaliseArea(area) ? null : 'OUTSIDE_AREA';
}

/**
 * May this caller ask for this class of data for `area` (null: every area)? Holders of a national grant
 * may ask for any; an own-area grant (a control room's aggregates) only for its own area, never national.
 */
export function decideReach(actor: Actor, grant: DataClass, area: string | null): RefusalRule | null {
  const refused = decideGrant(actor, grant);
  if (refused) return refused;
  if (grantsFor(actor).get(grant)?.reach !== 'OWN_AREA') return null;
  const ownArea = policeAreaOf(actor);
  if (ownArea === null) return 'NO_AREA';
  return area !== null && normaliseArea(area) === ownArea ? null : 'OUTSIDE_AREA';
}
