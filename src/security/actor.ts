import { type Agency, type Purpose, type Role } from './entitlements';

/**
 * Who is asking and why, from a verified bearer token (and the purpose the request declared). Every
 * access decision and every audit record is made from this (DPA 2018 s.62: who, when, why, what).
 */
export interface Actor {
  subject: string;
  agency: Agency;
  /** The purpose of use this request is made for: what is enforced and what is audited. */
  purpose: Purpose;
  /** Every purpose the token allows; a request may narrow to one of them (X-Shieldline-Purpose). */
  purposes: readonly Purpose[];
  /** The token's roles Shieldline knows (unknown role names are ignored, never guessed at). */
  roles: readonly Role[];
  /** Police force / area code the holder works for, upper case (WYP); null for national roles. */
  area: string | null;
  /** The token's jti, when it has one (revocation). */
  tokenId: string | null;
  /** The token's expiry (ms since epoch); an open subscription stops delivering after it. */
  expiresAt: number;
}

/** Area codes are compared exactly after trimming and upper-casing: "wyp" and " WYP" are WYP. */
export function normaliseArea(area: string | null | undefined): string | null {
  const trimmed = area?.trim().toUpperCase();
  return trimmed ? trimmed : null;
}
