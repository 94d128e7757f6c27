#!/usr/bin/env node
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateLinkageCorpus } from './linkage-corpus';
import { linkageCorpusFiles, linkageCorpusRecords } from './linkage-records';
import { generatorFlags } from './generator-flags';

const USAGE = `usage: npm run demo:linkage -- [--out DIR] [--people N] [--sightings-per-person X] [--seed N] [--area CODE]

Writes the labelled person-linkage corpus (docs/person-linkage.md) as the sources would send it:
  DIR/police-export.csv        police-records arrests (CSV): the suspect is the sighting
  DIR/family-court.ndjson      family-court-orders ORDER_MADE: the respondent is the sighting
  DIR/court-results/*.xml      criminal-court-results: the defendant is the sighting
  DIR/labels.csv               which record is which sighting of which true person (keep it from the hub)
Then ingest the files (npm run shieldline -- ingest …) and compare what the hub links with labels.csv.`;

function main(argv: readonly string[]): number {
  const flags = generatorFlags(argv);
  if (!flags) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const people = Number(flags.get('people') ?? 1000);
  const sightingsPerPerson = Number(flags.get('sightings-per-person') ?? 5.2);
  const seed = Number(flags.get('seed') ?? 20261203);
  if (!Number.isInteger(people) || people < 1 || !(sightingsPerPerson >= 1) || !Number.isInteger(seed)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const out = flags.get('out') ?? 'demo-data/linkage';
  const corpus = generateLinkageCorpus({ people, sightingsPerPerson, seed });
  const records = linkageCorpusRecords(corpus, {
    policeArea: flags.get('area') ?? 'WYP',
    runTag: `S${seed}`,
    at: '2026-11-02T10:00:00Z',
  });
  const files = linkageCorpusFiles(records);
  mkdirSync(join(out, 'court-results'), { recursive: true });
  writeFileSync(join(out, 'police-export.csv'), files.policeCsv);
  writeFileSync(join(out, 'family-court.ndjson'), files.familyCourtNdjson);
  for (const file of files.courtResultsXml) writeFileSync(join(out, 'court-results', file.name), file.xml);
  writeFileSync(join(out, 'labels.csv'), files.labelsCsv);
  process.stdout.write(`${JSON.stringify({ out, people, seed, sightings: records.length })}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
