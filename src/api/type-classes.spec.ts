import 'reflect-metadata';
import { isObjectType } from 'graphql';
import { DATA_CLASSES } from '../security/entitlements';
import { buildGatewaySchema } from './schema';
import { TYPE_CLASSES } from './type-classes';

describe('every GraphQL type is covered by a data class (schema walk)', () => {
  it('should classify every object type, each as a data class, a part of a classified type, or not personal', async () => {
    const schema = await buildGatewaySchema();
    const types = Object.values(schema.getTypeMap()).filter(
      (t) => isObjectType(t) && !t.name.startsWith('__'),
    );
    const unclassified = types.map((t) => t.name).filter((name) => !(name in TYPE_CLASSES));
    expect(unclassified).toEqual([]);
    for (const [name, cls] of Object.entries(TYPE_CLASSES)) {
      expect(types.map((t) => t.name)).toContain(name);
      if (cls === null) continue;
      const owner = cls.startsWith('part of ') ? TYPE_CLASSES[cls.slice(8)] : cls;
      expect({ name, owner: (DATA_CLASSES as readonly unknown[]).includes(owner) }).toEqual({
        name,
        owner: true,
      });
    }
  });
});
