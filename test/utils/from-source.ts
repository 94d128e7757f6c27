import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

/**
 * Node arguments that run one of the hub's entry points from its TypeScript source (scripts/run-source.js:
 * SWC, as the tests themselves are compiled), so a spawned hub or CLI is always the code under test —
 * never a dist/ left over from an earlier build. Use as `spawn(process.execPath, [...fromSource(f), …])`.
 */
export function fromSource(entry: string): string[] {
  return [join(ROOT, 'scripts/run-source.js'), join(ROOT, entry)];
}
