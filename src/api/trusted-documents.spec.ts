import 'reflect-metadata';
import { parse, validate } from 'graphql';
import { buildGatewaySchema } from './schema';
import { HUB_DOCUMENTS, persistedQueryManifest, TrustedDocuments } from './trusted-documents';

describe('trusted documents', () => {
  it('should keep every officer-app and console document valid against the schema (a breaking change fails here)', async () => {
    const schema = await buildGatewaySchema();
    for (const document of HUB_DOCUMENTS) {
      expect({
        name: document.name,
        errors: validate(schema, parse(document.body)).map((e) => e.message),
      }).toEqual({
        name: document.name,
        errors: [],
      });
    }
  });

  it('should trust a manifest only when each id is the sha-256 of its body', () => {
    const manifest = persistedQueryManifest(HUB_DOCUMENTS);
    const documents = TrustedDocuments.fromManifest(manifest, 'manifest');
    expect(documents.size).toBe(HUB_DOCUMENTS.length);
    expect(documents.isTrusted(HUB_DOCUMENTS[0]!.body)).toBe(true);
    expect(documents.isTrusted(`${HUB_DOCUMENTS[0]!.body} `)).toBe(false);
    const tampered = manifest.replace('searchPeople(pncId: $pnc)', 'searchPeople(familyName: $pnc)');
    expect(() => TrustedDocuments.fromManifest(tampered, 'tampered.json')).toThrow(
      'tampered.json: operations[0] needs a body and id = sha-256 of the body',
    );
  });
});
