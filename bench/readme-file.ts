import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { type BenchReport, withBenchTable } from './readme-table';

/** Renders the table into the README, formatted as the project's Prettier check expects. */
export async function updateReadmeBenchTable(root: string): Promise<void> {
  const report = JSON.parse(readFileSync(join(root, 'bench/results/latest.json'), 'utf8')) as BenchReport;
  const path = join(root, 'README.md');
  const options = (await resolveConfig(path)) ?? {};
  writeFileSync(
    path,
    await format(withBenchTable(readFileSync(path, 'utf8'), report), { ...options, filepath: path }),
  );
}
