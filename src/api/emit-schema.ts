import 'reflect-metadata';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { printSchema, lexicographicSortSchema } from 'graphql';
import { contractFiles } from './published-contract/contract-files';
import { findContractDrift } from './published-contract/contract-drift';
import { buildGatewaySchema } from './schema';

/** The repository's schema/ folder, whether this runs from source (src/api) or from a build (dist/src/api). */
function schemaDir(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('emit-schema: no package.json above this file');
    dir = parent;
  }
  return join(dir, 'schema');
}

const SCHEMA_DIR = schemaDir();

/**
 * Writes schema/schema.graphql, schema/events/*.json and schema/asyncapi.yaml from the code; with --check,
 * fails when any committed file is stale instead.
 */
async function main(): Promise<void> {
  const target = join(SCHEMA_DIR, 'schema.graphql');
  const sdl = `${printSchema(lexicographicSortSchema(await buildGatewaySchema()))}\n`;
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(target, 'utf8');
    } catch {
      /* missing counts as stale */
    }
    const problems = findContractDrift(SCHEMA_DIR);
    if (committed !== sdl) problems.unshift('schema/schema.graphql differs from the code');
    if (problems.length > 0) {
      process.stderr.write(
        `the published contract is stale (run \`npm run schema:emit\` and commit):\n  - ${problems.join('\n  - ')}\n`,
      );
      process.exit(1);
    }
    process.stdout.write(
      'schema/schema.graphql, schema/events and schema/asyncapi.yaml agree with the code\n',
    );
    return;
  }
  writeFileSync(target, sdl);
  mkdirSync(join(SCHEMA_DIR, 'events'), { recursive: true });
  const files = contractFiles();
  for (const file of readdirSync(join(SCHEMA_DIR, 'events'))) {
    if (!files.has(`events/${file}`)) rmSync(join(SCHEMA_DIR, 'events', file));
  }
  for (const [file, content] of files) writeFileSync(join(SCHEMA_DIR, file), content);
  process.stdout.write(`wrote schema.graphql and ${files.size} contract files under ${SCHEMA_DIR}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
