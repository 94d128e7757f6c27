import { type RecordReader, type SourceRecord } from './connector';

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

function isBlank(bytes: Buffer): boolean {
  for (const b of bytes) if (b !== 0x20 && b !== 0x09 && b !== CR) return false;
  return true;
}

function stripCr(bytes: Buffer): Buffer {
  return bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.subarray(0, bytes.length - 1) : bytes;
}

/**
 * Newline-delimited JSON (one message per line, RFC 7464-style without the RS byte). Splits on raw
 * bytes, so a line in a wrong encoding is still its own record and is rejected on its own.
 */
export const ndjsonReader: RecordReader = (bytes) => {
  const records: SourceRecord[] = [];
  let start = 0;
  let line = 1;
  while (start <= bytes.length) {
    let end = bytes.indexOf(LF, start);
    if (end === -1) end = bytes.length;
    const body = stripCr(bytes.subarray(start, end));
    if (!isBlank(body)) {
      records.push({
        position: records.length + 1,
        locator: `line ${line}`,
        bytes: body,
        mediaType: 'application/json',
      });
    }
    start = end + 1;
    line += 1;
  }
  return records;
};

/**
 * RFC 4180 CSV: the first line is the header; every following row becomes a record of its own — the
 * header line plus that row — so it can be dead-lettered and re-driven alone. Quoted fields may contain
 * commas, quotes ("") and newlines. Splitting works on bytes: the structural characters are ASCII and
 * never occur inside a UTF-8 multi-byte sequence, and a row in another encoding is rejected on its own.
 * An unterminated quote swallows the rest of the payload into one record, which is then rejected.
 */
export const csvReader: RecordReader = (bytes) => {
  const rows: { bytes: Buffer; line: number }[] = [];
  let start = 0;
  let line = 1;
  let rowLine = 1;
  let quoted = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === QUOTE) quoted = !quoted;
    else if (b === LF) {
      if (!quoted) {
        rows.push({ bytes: stripCr(bytes.subarray(start, i)), line: rowLine });
        start = i + 1;
        rowLine = line + 1;
      }
      line += 1;
    }
  }
  if (start < bytes.length) rows.push({ bytes: stripCr(bytes.subarray(start)), line: rowLine });
  const [header, ...data] = rows;
  if (!header) return [];
  const records: SourceRecord[] = [];
  for (const row of data) {
    if (isBlank(row.bytes)) continue;
    records.push({
      position: records.length + 1,
      locator: `line ${row.line}`,
      bytes: Buffer.concat([header.bytes, Buffer.from('\n'), row.bytes]),
      mediaType: 'text/csv',
    });
  }
  return records;
};

/** Splits one CSV record (header line + one row, as cut by csvReader) into cells. */
export function parseCsvRecord(
  text: string,
): { ok: true; header: string[]; cells: string[] } | { ok: false; message: string } {
  const lines: string[][] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += c;
      continue;
    }
    if (c === '"') {
      if (cell.length > 0 || wasQuoted)
        return { ok: false, message: `stray quote in a field near "${cell}"` };
      quoted = true;
      wasQuoted = true;
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
      wasQuoted = false;
    } else if (c === '\n' && lines.length === 0) {
      cells.push(cell);
      lines.push(cells);
      cells = [];
      cell = '';
      wasQuoted = false;
    } else if (c === '\r' && (text[i + 1] === '\n' || i === text.length - 1)) {
      continue;
    } else {
      if (wasQuoted) return { ok: false, message: 'text after a closing quote' };
      cell += c;
    }
  }
  if (quoted) return { ok: false, message: 'a quoted field is never closed' };
  cells.push(cell);
  lines.push(cells);
  if (lines.length !== 2) return { ok: false, message: 'expected a header line and one row' };
  const [header, row] = lines as [string[], string[]];
  return { ok: true, header: header.map((h) => h.trim()), cells: row };
}
