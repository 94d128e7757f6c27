#!/usr/bin/env node
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDataset } from './dataset-generator';
import { generatorFlags } from './generator-flags';

const USAGE = `usage: npm run demo:generate -- [--out DIR] [--days N] [--from YYYY-MM-DD] [--seed N] [--area CODE] [--scale X]

Writes a synthetic dataset for one force area in every connector's native format:
  DIR/police-export.csv        police-records (CSV)
  DIR/family-court.ndjson      family-court-orders (one JSON message per line)
  DIR/cps.ndjson               cps-case-management (one JSON message per line)
  DIR/court-results/*.xml      criminal-court-results (one XML message per file)
Then: npm run shieldline -- check DIR/police-export.csv --connector police-records
      npm run shieldline -- ingest DIR/police-export.csv --connector police-records`;

function main(argv: readonly string[]): number {
  const flags = generatorFlags(argv);
  if (!flags) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const days = Number(flags.get('days') ?? 1);
  const seed = Number(flags.get('seed') ?? 1);
  const scale = Number(flags.get('scale') ?? 1);
  const from = flags.has('from')
    ? new Date(`${flags.get('from')}T00:00:00Z`)
    : new Date(Date.now() - days * 86_400_000);
  if (
    !Number.isInteger(days) ||
    days < 1 ||
    !Number.isFinite(seed) ||
    !(scale > 0) ||
    isNaN(from.getTime())
  ) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const out = flags.get('out') ?? 'demo-data';
  const dataset = generateDataset({ policeArea: flags.get('area') ?? 'WYP', from, days, seed, scale });
  mkdirSync(join(out, 'court-results'), { recursive: true });
  writeFileSync(join(out, 'police-export.csv'), dataset.policeCsv);
  writeFileSync(join(out, 'family-court.ndjson'), dataset.familyCourtNdjson);
  writeFileSync(join(out, 'cps.ndjson'), dataset.cpsNdjson);
  for (const file of dataset.courtResultsXml) writeFileSync(join(out, 'court-results', file.name), file.xml);
  process.stdout.write(`${JSON.stringify({ out, days, seed, ...dataset.counts })}\n`);
  return 0;
}

process.exit(main(process.argv.slice(2)));
