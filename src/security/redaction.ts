/**
 * Free text (condition wording, timeline summaries, alert messages) can carry an address the caller may
 * not see: "not to go within 100 metres of 14 Harrow Close, Leeds LS6 2QT". Text is redacted by two
 * means together: every address the record itself holds (its lines and postcode), and the shapes of UK
 * addresses (postcodes; a house number or flat followed by a street name). Over-redaction is the safe
 * failure: the officer is told an address was withheld, never shown it.
 */
export const ADDRESS_WITHHELD = '[address withheld]';

/** UK postcode, with or without the space (BS 7666 shapes: A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, …). */
const POSTCODE = /\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}\b/gi;
const STREET_WORDS =
  'Road|Rd|Street|St|Close|Cl|Avenue|Ave|Lane|Ln|Drive|Dr|Way|Court|Ct|Crescent|Cres|Place|Pl|Gardens|Gdns|' +
  'Terrace|Terr|Grove|Gr|Hill|Row|Walk|Mews|Square|Sq|Park|View|Green|Rise|Parade|Vale|Wharf|Fold|Croft|' +
  'Gate|Yard|Mount|Bank|Approach|Boulevard|Estate|Flats|House|Towers';
/** "14 Harrow Close", "Flat 3, 22B Mill Lane", "Flat 3 Mill House", with a following ", Town" if any. */
const STREET = new RegExp(
  `\\b(?:(?:Flat|Apartment|Apt|Unit|Room)\\s+\\w+,?\\s+)?\\d+[A-Z]?(?:-\\d+[A-Z]?)?,?\\s+(?:[A-Z][\\w'’-]*\\s+){0,3}(?:${STREET_WORDS})\\b(?:,\\s*[A-Z][\\w'’-]+(?:\\s+[A-Z][\\w'’-]+)?)?`,
  'g',
);
const FLAT = /\b(?:Flat|Apartment|Apt)\s+\d+[A-Z]?\b(?:,?\s+\d+[A-Z]?(?:\s+[A-Z][\w'’-]*){1,3})?/g;

export interface KnownAddress {
  line1?: string | null;
  line2?: string | null;
  town?: string | null;
  postcode?: string | null;
}

export function redactAddresses(
  text: string,
  known: readonly (KnownAddress | null | undefined)[] = [],
): string {
  let out = text;
  for (const address of known) {
    if (!address) continue;
    // The street without its house number too ("14 Harrow Close" → "Harrow Close").
    const street = address.line1?.replace(
      /^\s*(?:(?:Flat|Apartment|Apt|Unit)\s+\w+,?\s+)?\d+[A-Z]?,?\s+/i,
      '',
    );
    for (const part of [address.line1, address.line2, address.postcode, street]) {
      if (part && part.trim().length >= 4) out = replaceAllInsensitive(out, part.trim(), ADDRESS_WITHHELD);
    }
  }
  out = out
    .replace(POSTCODE, ADDRESS_WITHHELD)
    .replace(FLAT, ADDRESS_WITHHELD)
    .replace(STREET, ADDRESS_WITHHELD);
  // "[address withheld], Leeds [address withheld]" is one address: the town between its parts goes too.
  const adjacent = /\[address withheld\][,\s]+(?:[A-Z][a-z'’-]+[,\s]+){0,2}\[address withheld\]/g;
  for (
    let merged = out.replace(adjacent, ADDRESS_WITHHELD);
    merged !== out;
    merged = out.replace(adjacent, ADDRESS_WITHHELD)
  )
    out = merged;
  return out;
}

function replaceAllInsensitive(text: string, needle: string, replacement: string): string {
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s*');
  return text.replace(new RegExp(escaped, 'gi'), replacement);
}
