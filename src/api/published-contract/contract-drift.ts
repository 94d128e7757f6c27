import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractFiles } from './contract-files';

/**
 * Compares the committed contract under `schemaDir` with what the catalogue generates: a missing or
 * different file, or a schema under events/ that no event type generates, is drift. Empty means in step.
 */
export function findContractDrift(schemaDir: string): string[] {
  const problems: string[] = [];
  const expected = contractFiles();
  for (const [file, content] of expected) {
    const path = join(schemaDir, file);
    if (!existsSync(path)) problems.push(`schema/${file} is missing`);
    else if (readFileSync(path, 'utf8') !== content) problems.push(`schema/${file} differs from the code`);
  }
  for (const file of readdirSync(join(schemaDir, 'events'))) {
    if (!expected.has(`events/${file}`))
      problems.push(`schema/events/${file} describes no event type the code emits`);
  }
  return problems;
}
