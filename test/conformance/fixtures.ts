import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { type ConnectorDefinition } from '../../connectors/contract/connector';
import { type Source, sourceFromBytes } from '../../src/ingest/connector-runtime';

const CONNECTORS_DIR = join(__dirname, '../../connectors');

export interface Fixture {
  name: string;
  source: Source;
}

/** A connector's recorded fixtures: every file in connectors/<id>/fixtures with an extension it reads. */
export function fixturesOf(connector: ConnectorDefinition): Fixture[] {
  const dir = join(CONNECTORS_DIR, connector.id, 'fixtures');
  return readdirSync(dir)
    .filter((name) => connector.fileTypes[extname(name)])
    .sort()
    .map((name) => ({
      name,
      source: sourceFromBytes(name, connector.fileTypes[extname(name)]!, readFileSync(join(dir, name))),
    }));
}

/** What normalize makes of every record of a fixture, as recorded in fixtures/expected/<name>.json. */
export function normalizeFixture(connector: ConnectorDefinition, fixture: Fixture) {
  return connector.readers[fixture.source.mediaType]!(fixture.source.bytes).map((record) => ({
    locator: record.locator,
    result: connector.normalize(record.bytes, record.mediaType),
  }));
}

/** Where a fixture's expected output is kept (written only by `npm run fixtures:record`). */
export function expectedFileOf(connector: ConnectorDefinition, fixture: Fixture): string {
  return join(CONNECTORS_DIR, connector.id, 'fixtures', 'expected', `${fixture.name}.json`);
}
