// Runs the TypeScript source directly: each .ts file is transpiled by SWC (the same .swcrc the tests use)
// as Node loads it, with no type check. `npm start` and the tests that spawn the hub or its CLI use it, so
// neither waits for a full `tsc` build nor runs a stale dist/. Type checking is `npm run check` (and CI).
//
//   node scripts/run-source.js src/main.ts [args…]      or      node -r ./scripts/run-source.js file.ts
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const options = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '.swcrc'), 'utf8'));
delete options.$schema;

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename, swcrc: false });
  module._compile(code, filename);
};
// Stack traces point at the .ts lines (the inline source maps).
process.setSourceMapsEnabled(true);

if (require.main === module) {
  const [entry, ...args] = process.argv.slice(2);
  if (!entry) {
    process.stderr.write('usage: node scripts/run-source.js <file.ts> [args…]\n');
    process.exit(2);
  }
  const resolved = path.resolve(entry);
  process.argv = [process.argv[0], resolved, ...args];
  require(resolved);
}
