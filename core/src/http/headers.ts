import type { HeaderBag } from './types';

/**
 * Every value sent under `name`, whatever its case. Node joins repeated custom headers with
 * ", " and some platforms pass arrays, so both forms are flattened into one list; the caller
 * decides how to split a single value further.
 */
export function headerValues(headers: HeaderBag | undefined, name: string): string[] {
  if (!headers) return [];
  const wanted = name.toLowerCase();
  const found: string[] = [];
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    const value = headers[key];
    if (typeof value === 'string') found.push(value);
    else if (Array.isArray(value)) for (const item of value) if (typeof item === 'string') found.push(item);
  }
  return found;
}

/** The first value of a header, or undefined. */
export function headerValue(headers: HeaderBag | undefined, name: string): string | undefined {
  return headerValues(headers, name)[0];
}
