import { existsSync, readFileSync } from 'node:fs';
import { CONNECTORS } from '../../connectors';
import { expectedFileOf, fixturesOf, normalizeFixture } from '../conformance/fixtures';

/**
 * Every connector's recorded fixtures normalise, deterministically, to the output recorded beside them.
 * The expected files are written only by `npm run fixtures:record` (then reviewed in the diff), never by
 * this test: a change in a normalizer fails here until someone looks at what it changed.
 */
describe.each(CONNECTORS.map((c) => [c.id, c] as const))('fixtures of %s', (_id, connector) => {
  const fixtures = fixturesOf(connector);

  it('has fixtures, and every record of them is accepted', () => {
    expect(fixtures.length).toBeGreaterThan(0);
    for (const fixture of fixtures) {
      for (const { locator, result } of normalizeFixture(connector, fixture)) {
        expect({ fixture: fixture.name, locator, ok: result.ok }).toEqual({
          fixture: fixture.name,
          locator,
          ok: true,
        });
      }
    }
  });

  it('normalizes deterministically, to the expected output recorded next to the fixtures', () => {
    for (const fixture of fixtures) {
      const once = normalizeFixture(connector, fixture);
      expect(normalizeFixture(connector, fixture)).toEqual(once);
      const file = expectedFileOf(connector, fixture);
      expect({ file, exists: existsSync(file) }).toEqual({ file, exists: true });
      expect(JSON.parse(JSON.stringify(once))).toEqual(JSON.parse(readFileSync(file, 'utf8')));
    }
  });
});
