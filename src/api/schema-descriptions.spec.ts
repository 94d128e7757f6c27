import 'reflect-metadata';
import { isEnumType, isInputObjectType, isObjectType, isScalarType } from 'graphql';
import { buildGatewaySchema } from './schema';

describe('emitted SDL', () => {
  it('should describe every type it defines', async () => {
    const schema = await buildGatewaySchema();
    const undocumented = Object.values(schema.getTypeMap())
      .filter((type) => !type.name.startsWith('__'))
      .filter(
        (type) => isObjectType(type) || isEnumType(type) || isInputObjectType(type) || isScalarType(type),
      )
      .filter(
        (type) =>
          !['Query', 'Mutation', 'Subscription', 'String', 'Boolean', 'Int', 'Float', 'ID'].includes(
            type.name,
          ),
      )
      .filter((type) => !type.description?.trim())
      .map((type) => type.name);
    expect(undocumented).toEqual([]);
  });
});
