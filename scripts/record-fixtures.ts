/**
 * npm run fixtures:record — writes connectors/<id>/fixtures/expected/<fixture>.json from what each
 * connector's normalizer makes of its fixtures now. The only way the expected files change: review the
 * diff before committing it (test/unit/connector-fixtures.spec.ts compares against them).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { CONNECTORS } from '../connectors';
import { expectedFileOf, fixturesOf, normalizeFixture } from '../test/conformance/fixtures';

async function main(): Promise<void> {
  let changed = 0;
  for (const connector of CONNECTORS) {
    for (const fixture of fixturesOf(connector)) {
      const file = expectedFileOf(connector, fixture);
      // Formatted as `npm run format` would (the project's Prettier settings), so format:check stays green.
      const text = await format(JSON.stringify(normalizeFixture(connector, fixture), null, 2), {
        ...(await resolveConfig(file)),
        filepath: file,
      });
      let before = '';
      try {
        before = readFileSync(file, 'utf8');
      } catch {
        // a new fixture: no expected output yet
      }
      if (before === text) continue;
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      changed += 1;
      process.stdout.write(`wrote ${relative(process.cwd(), file)}\n`);
    }
  }
  process.stdout.write(`${changed} expected file(s) changed; review them with git diff before committing\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
