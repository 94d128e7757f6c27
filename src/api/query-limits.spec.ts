import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { checkQueryText, DEFAULT_LIMITS, measureDocument, queryLimits } from './query-limits';

const schema = buildSchema(`
  type Person { name: String, cases: [Case] }
  type Case { urn: String, parties: [Person] }
  type Query { person: Person }
`);

const errorsFor = (query: string, depth = 4, fields = 20) =>
  validate(schema, parse(query), [queryLimits(depth, fields), ...specifiedRules])
    .filter((e) => e.extensions.code === 'QUERY_TOO_COMPLEX')
    .map((e) => ({ message: e.message, code: e.extensions.code }));

/** The 876-byte attack: each fragment spreads the next one twice; the last spreads unknown fragments. */
function fanOut(levels: number, leaf = '...Missing'): string {
  const parts = ['query { person { ...F0 } }'];
  for (let i = 0; i < levels; i++) parts.push(`fragment F${i} on Person { ...F${i + 1} ...F${i + 1} name }`);
  parts.push(`fragment F${levels} on Person { ${leaf} }`);
  return parts.join('\n');
}

describe('query limits', () => {
  it('should accept a query at the depth limit and refuse one level deeper', () => {
    expect(errorsFor('{ person { cases { parties { name } } } }')).toEqual([]);
    expect(errorsFor('{ person { cases { parties { cases { urn } } } } }')).toEqual([
      { message: 'query is 5 levels deep; at most 4 are allowed', code: 'QUERY_TOO_COMPLEX' },
    ]);
  });

  it('should count depth and fields through fragments, and refuse fragment cycles', () => {
    const viaFragment = `{ person { ...P } } fragment P on Person { cases { parties { cases { urn } } } }`;
    expect(errorsFor(viaFragment)[0]?.code).toBe('QUERY_TOO_COMPLEX');
    const aliases = Array.from({ length: 25 }, (_, i) => `a${i}: name`).join(' ');
    expect(errorsFor(`{ person { ${aliases} } }`)).toEqual([
      { message: 'query selects more than 20 fields', code: 'QUERY_TOO_COMPLEX' },
    ]);
    expect(
      measureDocument(
        parse('{ person { ...A } } fragment A on Person { ...B } fragment B on Person { ...A }'),
      ),
    ).toMatch(/spreads itself/);
  });

  it('should count a fragment spread in two places twice, and a repeated spread in one place once', () => {
    const limits = { ...DEFAULT_LIMITS, maxFields: 4 };
    const twice = '{ person { cases { parties { ...N } } } } fragment N on Person { name }';
    expect(measureDocument(parse(twice), limits)).toBeNull();
    const repeated = '{ person { ...N ...N ...N } } fragment N on Person { name cases { urn } }';
    expect(measureDocument(parse(repeated), limits)).toBeNull();
    const apart =
      '{ person { a: cases { parties { ...N } } b: cases { parties { ...N } } } } fragment N on Person { name }';
    expect(measureDocument(parse(apart), limits)).toMatch(/more than 4 fields/);
  });

  it('should refuse a 2^22-way fragment fan-out with unknown leaves, measuring each fragment once', () => {
    const text = fanOut(22);
    expect(checkQueryText(text)?.extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(checkQueryText(text)?.message).toBe('unknown fragment Missing');
    // With a known leaf it is a small query: execution merges a spread repeated in one selection set, so
    // it resolves 23 fields, which is what is counted (without walking 2^22 paths).
    expect(checkQueryText(fanOut(22, 'name'))).toBeNull();
    expect(measureDocument(parse(fanOut(22, 'name')), { ...DEFAULT_LIMITS, maxFields: 22 })).toMatch(
      /more than 22 fields/,
    );
  });

  it('should refuse 700 aliased root fields and too many aliases', () => {
    const searches = Array.from({ length: 700 }, (_, i) => `s${i}: person { name }`).join(' ');
    expect(checkQueryText(`{ ${searches} }`)?.message).toBe(
      'query asks 700 top-level fields; at most 10 are allowed',
    );
    const aliased = Array.from({ length: 60 }, (_, i) => `n${i}: name`).join(' ');
    expect(checkQueryText(`{ person { ${aliased} } }`)?.message).toBe(
      'query uses 60 aliases; at most 50 are allowed',
    );
  });

  it('should refuse a document with more tokens than the parser is allowed to read', () => {
    const huge = `{ person { ${'name '.repeat(20_000)} } }`;
    expect(checkQueryText(huge)?.message).toBe('query has more than 10000 tokens');
  });

  it('should leave unparseable text to the GraphQL server and pass ordinary queries', () => {
    expect(checkQueryText('{ person {')).toBeNull();
    expect(checkQueryText('{ person { name cases { urn } } }')).toBeNull();
  });
});
