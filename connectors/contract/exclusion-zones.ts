/** The term code the court formats use for a place the respondent must keep away from. */
export const EXCLUSION_ZONE_CODE = 'EXCLUSION_ZONE';

const POSTCODE = /\b([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})\b/i;
const RADIUS = /\b(\d{1,5})\s*(?:m|metres|meters)\b/i;

/**
 * Terms coded EXCLUSION_ZONE, also as structured zones: the description is the term as worded; the
 * postcode and the radius are read from that wording when it states them (a UK postcode; "100 metres"),
 * else null — never guessed.
 */
export function exclusionZonesFromTerms(
  terms: readonly { code?: string | null; text: string }[],
): { description: string; postcode: string | null; radiusMetres: number | null }[] {
  return terms
    .filter((t) => t.code === EXCLUSION_ZONE_CODE)
    .map((t) => {
      const postcode = POSTCODE.exec(t.text);
      const radius = RADIUS.exec(t.text);
      return {
        description: t.text,
        postcode: postcode ? `${postcode[1]!.toUpperCase()} ${postcode[2]!.toUpperCase()}` : null,
        radiusMetres: radius ? Number(radius[1]) : null,
      };
    });
}
