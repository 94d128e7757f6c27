import { deterministicUuid, rememberedUuid } from './ids';

describe('deterministicUuid', () => {
  it('should give the same id for the same source record version', () => {
    expect(deterministicUuid('family-court', 'R1', '1')).toBe(deterministicUuid('family-court', 'R1', '1'));
  });

  it('should give different ids when any part differs, including part boundaries', () => {
    const ids = new Set([
      deterministicUuid('family-court', 'R1', '1'),
      deterministicUuid('family-court', 'R1', '2'),
      deterministicUuid('family-court', 'R11', ''),
      deterministicUuid('ab', 'c'),
      deterministicUuid('a', 'bc'),
    ]);
    expect(ids.size).toBe(5);
  });

  it('should be a well-formed RFC 9562 version-8 UUID', () => {
    expect(deterministicUuid('x')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('rememberedUuid', () => {
  it('should give exactly the ids deterministicUuid gives, first time and remembered, boundaries included', () => {
    const cases = [['person', 'pnc', '1985/0001A'], ['ab', 'c'], ['a', 'bc'], ['a;b'], ['a', 'b'], ['1:a']];
    for (let round = 0; round < 2; round += 1) {
      for (const parts of cases) expect(rememberedUuid(...parts)).toBe(deterministicUuid(...parts));
    }
    expect(new Set(cases.map((parts) => rememberedUuid(...parts))).size).toBe(cases.length);
  });
});
