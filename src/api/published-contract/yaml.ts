/**
 * A minimal YAML writer for the generated AsyncAPI document: maps, lists, strings, numbers, booleans,
 * null. Strings are always double-quoted JSON strings (valid YAML), so no value can change meaning.
 */
export function toYaml(value: unknown, indent = 0): string {
  return `${render(value, indent).replace(/^\n/, '')}\n`;
}

function render(value: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []';
    return value
      .map((item) => {
        const inner = render(item, indent + 2);
        return `\n${pad}-${inner.startsWith('\n') ? ` ${inner.trimStart()}` : inner}`;
      })
      .join('');
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return ' {}';
    return entries.map(([key, item]) => `\n${pad}${scalarKey(key)}:${render(item, indent + 2)}`).join('');
  }
  return ` ${JSON.stringify(value ?? null)}`;
}

function scalarKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key) ? key : JSON.stringify(key);
}
