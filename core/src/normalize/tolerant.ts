import { z } from 'zod';

type Shape = Record<string, z.ZodType>;

/**
 * Parses a provider payload without ever refusing it: the exact schema first (fast, the
 * common case), and when a known key has an unexpected type, a lenient copy of the same
 * schema in which that key becomes undefined. The original stays in `raw` either way.
 * Returns undefined only for a value that is not an object at all.
 */
export function tolerantObject<S extends Shape>(shape: S): (value: unknown) => z.output<z.ZodObject<S>> | undefined {
  const exact = z.looseObject(shape);
  const lenientShape: Shape = {};
  for (const [key, schema] of Object.entries(shape)) lenientShape[key] = schema.optional().catch(undefined);
  const lenient = z.looseObject(lenientShape);
  return (value) => {
    const first = exact.safeParse(value);
    if (first.success) return first.data;
    const second = lenient.safeParse(value);
    return second.success ? (second.data as z.output<z.ZodObject<S>>) : undefined;
  };
}

/** An object whose keys are free labels (form fields); its entries are read from the original. */
export const AnyObjectSchema = z.looseObject({});
