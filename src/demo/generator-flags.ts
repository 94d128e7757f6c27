/**
 * The `--name value` pairs of a demo generator's command line, or null when they are not pairs (the
 * caller prints its usage). Every flag takes a value; there are no switches.
 */
export function generatorFlags(argv: readonly string[]): Map<string, string> | null {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i];
    const value = argv[i + 1];
    if (!name?.startsWith('--') || value === undefined) return null;
    flags.set(name.slice(2), value);
  }
  return flags;
}
