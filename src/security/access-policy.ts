import { type Actor } from '../domain/officer-lookup.service';

/**
 * The one place that decides who may see which kind of personal data (requirements.md §6). Resolvers and
 * field guards ask it; nothing else makes access decisions.
 */
export type DataClass =
  /** Who someone is: names, date of birth, PNC / CRO numbers. */
  | 'IDENTITY'
  /** Anything about a victim or protected person, including their identity. */
  | 'VICTIM'
  /** A postal address or postcode. */
  | 'ADDRESS'
  /** Where a protected person or victim lives, or any refuge / safe-house address: area-bound. */
  | 'CONFIDENTIAL_ADDRESS'
  /** Case facts: offences, decisions, hearings, risk. */
  | 'CASE';

export interface ResourceScope {
  /** Police area the record belongs to. */
  policeArea?: string | null;
  /** Force of an officer accused in a police-perpetrated DA case (PPDA marker), if any. */
  accusedForce?: string | null;
}

export type Decision = { allowed: true } | { allowed: false; code: 'FORBIDDEN'; reason: string };

const allow: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, code: 'FORBIDDEN', reason });

/** Roles that may read a PPDA case inside the accused officer's own force (DAC:1394, DAC:1472). */
export const PPDA_ROLES = ['professional-standards', 'ppda-investigator'] as const;

export function decideAccess(actor: Actor, dataClass: DataClass, scope: ResourceScope = {}): Decision {
  // DAC:1521: a complete data-sharing firewall between the police and Immigration Enforcement for all
  // VAWG crimes. A hard consumer rule: no personal data at all, whatever the token's roles or purpose.
  if (actor.agency === 'immigration')
    return deny('no personal data is shared with immigration enforcement (DAC:1521)');
  // Analysts see aggregates, not people (requirements.md §6: per-field sensitivity).
  if (actor.purpose === 'analysis') return deny('analysis is served aggregates, not personal data');
  // DAC:1394, DAC:1435: restrict the accused officer's force from the victim's records, except named roles.
  if (
    scope.accusedForce &&
    actor.area === scope.accusedForce &&
    !actor.roles.some((r) => (PPDA_ROLES as readonly string[]).includes(r))
  ) {
    return deny('police-perpetrated abuse case: restricted in the accused officer’s force (DAC:1394)');
  }
  if (dataClass === 'ADDRESS' || dataClass === 'CONFIDENTIAL_ADDRESS') {
    // DAC:747 (police need to know where the victim resides to enforce); DAC:618 (safe houses). Location
    // only for enforcement or safeguarding — a design inference, as requirements.md §6 says.
    if (actor.purpose !== 'enforcement' && actor.purpose !== 'safeguarding')
      return deny('addresses are released only for enforcement or safeguarding');
    if (dataClass === 'CONFIDENTIAL_ADDRESS' && (!scope.policeArea || actor.area !== scope.policeArea))
      return deny(
        "a protected person's or refuge address is released only within the police area of the record",
      );
  }
  return allow;
}
