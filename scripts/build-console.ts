/**
 * Builds the console (console/) into dist/console: one JS bundle (Preact, graphql-ws's client, the
 * screens) and one stylesheet (the GOV.UK Design System's compiled CSS plus console/src/console.css),
 * each named by its content hash, and an index.html naming them. `npm start` and `npm run build` run it;
 * it takes well under a second and skips the work when nothing changed since the last build.
 *
 *   node scripts/run-source.js scripts/build-console.ts [--out DIR] [--force]
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The package root: above this file, run from source (scripts/) or compiled (dist/scripts/, the bench). */
function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'console/src'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('build-console: no package with console/src above this file');
    dir = parent;
  }
  return dir;
}

const ROOT = packageRoot();
const SOURCES = [join(ROOT, 'console/src'), join(ROOT, 'src/api/console-documents.ts'), __filename];
const GOVUK = join(ROOT, 'node_modules/govuk-frontend/dist/govuk');

/** The size budget the README states (issue #15: ≤ 150 KB of JavaScript, gzipped). */
export const CONSOLE_BUDGET = { jsGzipBytes: 150 * 1024, cssGzipBytes: 60 * 1024 };

export interface ConsoleBuild {
  outDir: string;
  js: string;
  css: string;
  jsGzipBytes: number;
  cssGzipBytes: number;
}

export const DEFAULT_CONSOLE_DIR = join(ROOT, 'dist/console');

const hash = (content: string | Uint8Array) =>
  createHash('sha256').update(content).digest('hex').slice(0, 12);

function newestSource(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestSource(join(path, entry))));
}

/**
 * GOV.UK's compiled stylesheet without its @font-face rules: the GDS Transport typeface may be used
 * only on GOV.UK services (the Design System's own guidance), so the console uses the fallback in
 * GOV.UK's font stack (Arial, then the system sans-serif) and never asks for the font files.
 */
export function govukStylesheet(): string {
  return readFileSync(join(GOVUK, 'govuk-frontend.min.css'), 'utf8')
    .replace(/@font-face\{[^}]*\}/g, '')
    .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '');
}

export async function buildConsole(outDir = DEFAULT_CONSOLE_DIR, force = false): Promise<ConsoleBuild> {
  const manifestPath = join(outDir, 'build.json');
  if (!force && existsSync(manifestPath)) {
    const previous = JSON.parse(readFileSync(manifestPath, 'utf8')) as ConsoleBuild & { builtAt: number };
    if (previous.builtAt >= Math.max(...SOURCES.map(newestSource))) return previous;
  }
  const builtAt = Date.now();
  const bundle = await build({
    entryPoints: [join(ROOT, 'console/src/main.tsx')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    write: false,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const js = bundle.outputFiles[0]!.contents;
  const css = [
    govukStylesheet(),
    readFileSync(join(ROOT, 'node_modules/uplot/dist/uPlot.min.css'), 'utf8'),
    readFileSync(join(ROOT, 'console/src/console.css'), 'utf8'),
  ].join('\n');
  const jsName = `app-${hash(js)}.js`;
  const cssName = `app-${hash(css)}.css`;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, jsName), js);
  writeFileSync(join(outDir, cssName), css);
  writeFileSync(join(outDir, 'index.html'), indexHtml(jsName, cssName));
  const result: ConsoleBuild = {
    outDir,
    js: jsName,
    css: cssName,
    jsGzipBytes: gzipSync(js).length,
    cssGzipBytes: gzipSync(css).length,
  };
  writeFileSync(manifestPath, `${JSON.stringify({ ...result, builtAt }, null, 2)}\n`);
  return result;
}

const indexHtml = (js: string, css: string) => `<!doctype html>
<html lang="en-GB" class="govuk-template">
  <head>
    <meta charset="utf-8">
    <title>Shieldline</title>
    <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
    <meta name="theme-color" content="#0b0c0c">
    <link rel="stylesheet" href="/console/${css}">
  </head>
  <body class="govuk-template__body">
    <div id="app"></div>
    <noscript><p>The Shieldline console needs JavaScript.</p></noscript>
    <script type="module" src="/console/${js}"></script>
  </body>
</html>
`;

// Run as a script (node scripts/run-source.js scripts/build-console.ts), not when imported by the hub or the tests.
if (process.argv[1] === __filename) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const outDir = outIndex >= 0 ? resolve(args[outIndex + 1] ?? '') : DEFAULT_CONSOLE_DIR;
  buildConsole(outDir, args.includes('--force')).then(
    (built) => {
      const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
      process.stdout.write(
        `console: ${built.outDir} (JS ${kb(built.jsGzipBytes)} gzipped of a ${kb(CONSOLE_BUDGET.jsGzipBytes)} budget, CSS ${kb(built.cssGzipBytes)})\n`,
      );
      if (built.jsGzipBytes > CONSOLE_BUDGET.jsGzipBytes) process.exitCode = 1;
    },
    (err: unknown) => {
      process.stderr.write(`console build failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
