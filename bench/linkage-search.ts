import { openDatabase } from '../src/persistence/data-source';
import { OfficerReadRepository } from '../src/persistence/repositories/officer-read.repository';
import { dateOfBirthVariants, sameOrSwappedDates } from '../src/domain/linkage/comparisons';
import { scoreCandidate } from '../src/domain/person-matching';
import { seededRandom } from '../src/common/random';
import { summarize, type LatencySummary } from './stats';

export interface LinkageSearchStep {
  people: number;
  searches: number;
  /** Blocked people scored per search, on average. */
  meanCandidates: number;
  latencyMs: LatencySummary;
}

/**
 * The officer search by name and date of birth with scoring, timed at growing numbers of people: the
 * blocked read (officer-read.repository.ts findLinkageCandidates, one statement) plus the Fellegi–Sunter
 * scoring of every blocked person, one search at a time. People are generated in SQL (synthetic names
 * from the corpus's lists, dates across 55 years), so a million take seconds, not an ingest run.
 */
export async function benchLinkageSearch(
  databaseUrl: string,
  steps: readonly number[],
  searches: number,
): Promise<LinkageSearchStep[]> {
  const db = await openDatabase(databaseUrl, 4);
  const reads = new OfficerReadRepository(db);
  const results: LinkageSearchStep[] = [];
  try {
    let present = 0;
    for (const target of steps) {
      await db.query(
        `INSERT INTO person (person_id, given_name, family_name, name_key, date_of_birth, first_seen_event)
         SELECT gen_random_uuid(), g.name, f.name || CASE WHEN i % 3 = 0 THEN '' ELSE (i % 97)::text END,
                lower(f.name) || '|' || lower(g.name), DATE '1950-01-01' + ((i::bigint * 7919) % 20089)::int,
                '00000000-0000-4000-8000-000000000000'
         FROM generate_series($1::int, $2::int - 1) i,
              LATERAL (SELECT (ARRAY['Smith','Jones','Taylor','Brown','Williams','Wilson','Johnson','Davies','Patel',
                'Robinson','Wright','Thompson','Evans','Walker','White','Roberts','Green','Hall','Thomas','Clarke',
                'McDonald','MacKenzie','O''Brien','Okafor','Nowak','Khan','Ahmed','Singh','Kelly','Murphy'])[1 + (i::bigint * 31) % 30] AS name) f,
              LATERAL (SELECT (ARRAY['Daniel','Sarah','James','Emma','Mohammed','Olivia','Piotr','Aisha','John','Grace',
                'Liam','Chloe','David','Fatima','Ryan','Lucy','Kwame','Zofia','Adam','Hannah'])[1 + (i::bigint * 7) % 20] AS name) g`,
        [present, target],
      );
      present = target;
      await db.query('ANALYZE person');
      const rand = seededRandom(target);
      const probes = await db.query<{ given_name: string; family_name: string; date_of_birth: string }[]>(
        `SELECT given_name, family_name, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth FROM person
         WHERE first_seen_event = '00000000-0000-4000-8000-000000000000' AND date_of_birth IS NOT NULL
         ORDER BY person_id LIMIT $1`,
        [searches],
      );
      const timings: number[] = [];
      let candidates = 0;
      for (const p of probes) {
        // Half the searches with the day and month swapped, as a caller may key them.
        const [y, m, d] = p.date_of_birth.split('-');
        const dateOfBirth = rand() < 0.5 || Number(d) > 12 ? p.date_of_birth : `${y}-${d}-${m}`;
        const started = process.hrtime.bigint();
        const { people, probePhonetic } = await reads.findLinkageCandidates({
          familyName: p.family_name,
          givenName: p.given_name,
          dateOfBirth,
          sameOrSwappedDates: sameOrSwappedDates(dateOfBirth),
          dateVariants: dateOfBirthVariants(dateOfBirth),
        });
        const probe = {
          personId: '',
          givenName: p.given_name,
          familyName: p.family_name,
          dateOfBirth,
          pncId: null,
          croNumber: null,
          phonetic: probePhonetic,
        };
        for (const person of people) scoreCandidate(probe, person);
        timings.push(Number(process.hrtime.bigint() - started) / 1e6);
        candidates += people.length;
      }
      const step = {
        people: target,
        searches: probes.length,
        meanCandidates: candidates / Math.max(1, probes.length),
        latencyMs: summarize(timings),
      };
      process.stdout.write(
        `linkage search at ${target} people: p50 ${step.latencyMs.p50.toFixed(1)} ms, p99 ${step.latencyMs.p99.toFixed(1)} ms, ` +
          `${step.meanCandidates.toFixed(0)} blocked people scored per search\n`,
      );
      results.push(step);
    }
  } finally {
    await db.query(`DELETE FROM person WHERE first_seen_event = '00000000-0000-4000-8000-000000000000'`);
    await db.destroy();
  }
  return results;
}

// Run alone: DATABASE_URL=postgres://… node scripts/run-source.js bench/linkage-search.ts
if (process.argv[1]?.endsWith('linkage-search.ts')) {
  const steps = (process.env.BENCH_LINKAGE_STEPS ?? '10000,1000000').split(',').map(Number);
  void benchLinkageSearch(process.env.DATABASE_URL!, steps, 500).then((r) =>
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
  );
}
