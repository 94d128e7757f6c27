import { csvReader, ndjsonReader, parseCsvRecord } from './readers';
import { firstDuplicateKey, parseJson } from './json-validation';

describe('record readers', () => {
  it('should cut a CSV file into rows that each carry the header, keeping quoted newlines inside a row', () => {
    const file = Buffer.from('a,b\r\n1,"x\ny"\r\n\r\n2,z\r\n');
    const records = csvReader(file);
    expect(records.map((r) => [r.position, r.locator, r.bytes.toString()])).toEqual([
      [1, 'line 2', 'a,b\n1,"x\ny"'],
      [2, 'line 5', 'a,b\n2,z'],
    ]);
    expect(parseCsvRecord(records[0]!.bytes.toString())).toEqual({
      ok: true,
      header: ['a', 'b'],
      cells: ['1', 'x\ny'],
    });
  });

  it('should keep a row in a wrong encoding as its own record rather than dropping or splitting it', () => {
    const file = Buffer.concat([Buffer.from('a,b\n1,caf'), Buffer.from([0xe9]), Buffer.from('\n2,ok\n')]);
    expect(csvReader(file).map((r) => r.position)).toEqual([1, 2]);
  });

  it('should report an unterminated quote instead of guessing where the field ends', () => {
    expect(parseCsvRecord('a,b\n1,"open')).toEqual({ ok: false, message: 'a quoted field is never closed' });
  });

  it('should cut NDJSON into one record per non-blank line', () => {
    const records = ndjsonReader(Buffer.from('{"a":1}\n\n{"b":2}\r\n'));
    expect(records.map((r) => [r.locator, r.bytes.toString(), r.mediaType])).toEqual([
      ['line 1', '{"a":1}', 'application/json'],
      ['line 3', '{"b":2}', 'application/json'],
    ]);
  });
});

describe('strict JSON', () => {
  it('should refuse a key repeated in one object, naming where, and accept the same key in sibling objects', () => {
    expect(firstDuplicateKey('{"a":{"x":1,"y":"\\"x\\"","x":2}}')).toEqual({ key: 'x', path: '/a' });
    expect(firstDuplicateKey('[{"x":1},{"x":2}]')).toBeNull();
    expect(parseJson(Buffer.from('{"role":"user","role":"admin"}'))).toEqual({
      ok: false,
      reason: 'UNPARSEABLE',
      problem: { path: '', message: 'key "role" appears twice in one object' },
    });
  });
});
