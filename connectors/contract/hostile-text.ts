/**
 * Text no source record may carry, whatever its format: control characters (other than tab and
 * newline), and a leading spreadsheet formula trigger — the data ends up in exports that analysts open
 * in Excel or Sheets ("CSV injection", OWASP). A signed number is not a formula.
 */
// Formula triggers in Excel / LibreOffice / Sheets (OWASP "CSV injection"); a signed number is fine.
const FORMULA = /^[=+\-@\t\r]/;
const SIGNED_NUMBER = /^[+-]\d[\d.,]*$/;
// C0 controls other than tab and newline, and DEL: never part of a name, address or condition.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

// A UTF-16 surrogate without its pair (JSON "\ud800"): not a character at all, and PostgreSQL refuses to
// store it, so it would fail the write after the record was accepted.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a text value is refused as hostile (control characters, a leading formula), or null. */
export function hostileTextProblem(value: string): string | null {
  if (CONTROL.test(value)) return 'contains a control character';
  if (LONE_SURROGATE.test(value)) return 'contains an unpaired UTF-16 surrogate (not a character)';
  if (FORMULA.test(value) && !SIGNED_NUMBER.test(value)) {
    const first = value[0] === '\t' ? '\\t' : value[0] === '\r' ? '\\r' : value[0];
    return `starts with "${first}": a spreadsheet formula (CSV injection) is refused`;
  }
  return null;
}

/**
 * Every hostile string in a parsed JSON / XML value, with its JSON Pointer; object keys too unless they
 * are the parser's own markers (fast-xml-parser's `@attribute` keys).
 */
export function hostileStrings(
  value: unknown,
  options: { checkKeys: boolean } = { checkKeys: true },
): { path: string; message: string }[] {
  const found: { path: string; message: string }[] = [];
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [node, at] = stack.pop()!;
    if (typeof node === 'string') {
      const problem = hostileTextProblem(node);
      if (problem) found.push({ path: at, message: problem });
    } else if (Array.isArray(node)) {
      node.forEach((v, i) => stack.push([v, `${at}/${i}`]));
    } else if (typeof node === 'object' && node !== null) {
      for (const [k, v] of Object.entries(node)) {
        const keyProblem = options.checkKeys ? hostileTextProblem(k) : null;
        if (keyProblem) found.push({ path: `${at}/${k}`, message: `key ${keyProblem}` });
        stack.push([v, `${at}/${k}`]);
      }
    }
  }
  return found.reverse();
}
