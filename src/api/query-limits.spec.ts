import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { queryLimits } from './query-limits';

const schema = buildSchema(`
  type Person { name: String, cases: [Case] }
  type Case { urn: String, parties: [Person] }
  type Query { person: Person }
`);

const errorsFor = (query: string, depth = 4, fields = 20) =>
  validate(schema, parse(query), [...specifiedRules, queryLimits(depth, fields)]).map((e) => ({
    message: e.message,
    code: e.extensions.code,
  }));

describe('queryLimits', () => {
  it('should accept a query at the depth limit and refuse one level deeper', () => {
    expect(errorsFor('{ person { cases { parties { name } } } }')).toEqual([]);
    expect(errorsFor('{ person { cases { parties { cases { urn } } } } }')).toEqual([
      { message: 'query is 5 levels deep; at most 4 are allowed', code: 'QUERY_TOO_COMPLEX' },
    ]);
  });

  it('should count depth and fields through fragments, and not loop on fragment cycles', () => {
    const viaFragment = `{ person { ...P } } fragment P on Person { cases { parties { cases { urn } } } }`;
    expect(errorsFor(viaFragment)[0]?.code).toBe('QUERY_TOO_COMPLEX');
    const aliases = Array.from({ length: 25 }, (_, i) => `a${i}: name`).join(' ');
    expect(errorsFor(`{ person { ${aliases} } }`)).toEqual([
      { message: 'query selects more than 20 fields', code: 'QUERY_TOO_COMPLEX' },
    ]);
  });
});
