import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the PostGraphile peer lives (bench/peers/postgraphile, kept in the source tree: the compiled bench
 * runs from dist/), installed there from its own lockfile on first use — the way the bench fetches the
 * broker's jars — so the project's own install stays free of a package that declares Node >= 22.
 */
export function postgraphilePeerScript(): string {
  const folder = join(__dirname, '..', '..', 'bench', 'peers', 'postgraphile');
  if (!existsSync(join(folder, 'node_modules', 'postgraphile'))) {
    process.stdout.write('bench: installing the PostGraphile peer (bench/peers/postgraphile, once)…\n');
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: folder,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  }
  return join(folder, 'server.js');
}
