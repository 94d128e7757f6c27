import { rememberedUuid } from '../common/ids';
import { type PartyData } from './canonical-events';

/** Case- and accent-insensitive key for a name; punctuation and repeated spaces removed. */
export function nameKey(given: string, family: string): string {
  const fold = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9 ]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  return `${fold(family)}|${fold(given)}`;
}

export type IdentityBasis = 'PNC_ID' | 'CRO_NUMBER' | 'NAME_AND_DATE_OF_BIRTH' | 'UNMATCHED';

/**
 * Which person record a party resolves to. Deterministic (so a replay rebuilds the same ids).
 * Exact on PNC id, then CRO number; otherwise normalised name + date of birth; a party with none of these
 * is never merged with anyone — court orders lacking a date of birth are a known cause of false matches
 * (Standard Order 10.1: docs/sources.md). Such records are offered as scored candidates instead
 * (person-matching.ts), never merged.
 */
export function resolvePersonIdentity(
  party: PartyData,
  context: { eventId: string; role: string },
): { personId: string; basis: IdentityBasis } {
  if (party.pncId)
    return { personId: rememberedUuid('person', 'pnc', party.pncId.toUpperCase()), basis: 'PNC_ID' };
  if (party.croNumber)
    return {
      personId: rememberedUuid('person', 'cro', party.croNumber.toUpperCase()),
      basis: 'CRO_NUMBER',
    };
  if (party.dateOfBirth) {
    return {
      personId: rememberedUuid(
        'person',
        'name-dob',
        nameKey(party.name.given, party.name.family),
        party.dateOfBirth,
      ),
      basis: 'NAME_AND_DATE_OF_BIRTH',
    };
  }
  return {
    personId: rememberedUuid('person', 'unmatched', context.eventId, context.role),
    basis: 'UNMATCHED',
  };
}
