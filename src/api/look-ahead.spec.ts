import { buildSchema, graphql, type GraphQLResolveInfo } from 'graphql';
import { fieldsSelectedBelow } from './look-ahead';

const schema = buildSchema(`
  type Order { reference: String }
  type Person { id: ID, protectiveOrders: [Order], bail: [Order], notices: [Order] }
  type Match { person: Person, confidence: Float }
  type Query { searchPeople: [Match] }
`);

async function selectedUnderPerson(query: string): Promise<string[]> {
  let seen: Set<string> = new Set();
  const rootValue = {
    searchPeople: (_args: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
      seen = fieldsSelectedBelow(info, ['person']);
      return [];
    },
  };
  const result = await graphql({ schema, source: query, rootValue });
  expect(result.errors).toBeUndefined();
  return [...seen].sort();
}

describe('fieldsSelectedBelow (what the person search reads ahead)', () => {
  it('should see the fields asked for under person, directly or through fragments', async () => {
    expect(
      await selectedUnderPerson('{ searchPeople { person { id protectiveOrders { reference } } } }'),
    ).toEqual(['id', 'protectiveOrders']);
    expect(
      await selectedUnderPerson(`{ searchPeople { ...M } }
        fragment M on Match { person { ... on Person { bail { reference } } ...P } }
        fragment P on Person { notices { reference } }`),
    ).toEqual(['bail', 'notices']);
  });

  it('should see nothing when person is not asked for', async () => {
    expect(await selectedUnderPerson('{ searchPeople { confidence } }')).toEqual([]);
  });
});
