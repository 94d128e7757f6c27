import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printSchema, lexicographicSortSchema } from 'graphql';
import { findContractDrift } from './contract-drift';
import { buildGatewaySchema } from './schema';

/**
 * Writes schema/schema.graphql; with --check, fails when the committed SDL is stale or when the event
 * schemas and AsyncAPI file disagree with the event types in the code.
 */
async function main(): Promise<void> {
  const target = join(__dirname, '../../../schema/schema.graphql');
  const sdl = `${printSchema(lexicographicSortSchema(await buildGatewaySchema()))}\n`;
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(target, 'utf8');
    } catch {
      /* missing counts as stale */
    }
    if (committed !== sdl) {
      process.stderr.write('schema/schema.graphql is stale: run `npm run schema:emit` and commit it\n');
      process.exit(1);
    }
    const drift = findContractDrift(join(__dirname, '../../../schema'));
    if (drift.length > 0) {
      process.stderr.write(`event contract and code disagree:\n  - ${drift.join('\n  - ')}\n`);
      process.exit(1);
    }
    process.stdout.write(
      'schema/schema.graphql, schema/events and schema/asyncapi.yaml agree with the code\n',
    );
    return;
  }
  writeFileSync(target, sdl);
  process.stdout.write(`wrote ${target}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
