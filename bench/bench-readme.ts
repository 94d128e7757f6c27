import { join } from 'node:path';
import { updateReadmeBenchTable } from './readme-file';

/** npm run bench:readme — renders the README's bench table again from bench/results/latest.json. */
updateReadmeBenchTable(join(__dirname, '..')).then(
  () => process.stdout.write('README.md: the bench table is rendered from bench/results/latest.json\n'),
  (err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  },
);
