import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SEEDS = join(__dirname, '..', 'fixtures', 'seeds');

/** A seed example exactly as the provider's document prints it. */
export function seedText(name: string): string {
  return readFileSync(join(SEEDS, name), 'utf8');
}

export function seedJson<T = unknown>(name: string): T {
  return JSON.parse(seedText(name)) as T;
}

/**
 * The conversion tool's examples are JavaScript-ish: `//` comments, non-breaking spaces for
 * indentation and, in the first one, a missing comma. This reads them as the document means.
 */
export function seedJsonc(name: string): Record<string, unknown> {
  const lines = seedText(name)
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => {
      // Drop a trailing comment: `//` that is not inside a string (URLs contain `//`).
      let inString = false;
      for (let i = 0; i < line.length; i += 1) {
        if (line[i] === '"' && line[i - 1] !== '\\') inString = !inString;
        if (!inString && line[i] === '/' && line[i + 1] === '/') return line.slice(0, i).trimEnd();
      }
      return line.trimEnd();
    });
  // Restore the comma the first example leaves out between two properties.
  const text = lines.join('\n').replace(/("|\d)\n(\s*")/g, '$1,\n$2');
  return JSON.parse(text) as Record<string, unknown>;
}
