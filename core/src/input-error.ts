import type { z } from 'zod';

/** Input a user typed or mapped that cannot be used; `field` names it as the user sees it. */
export class InputError extends Error {
  readonly field?: string;

  constructor(message: string, field?: string) {
    super(message);
    this.name = 'InputError';
    this.field = field;
  }
}

type Labels = Readonly<Record<string, string>>;

/** A field as the user sees it: `products.0.link` with label "Products" reads "Products #1 link". */
function nameOf(path: readonly PropertyKey[], labels: Labels): string {
  const full = path.map(String).join('.');
  if (labels[full]) return labels[full];
  const head = String(path[0] ?? '');
  const base = labels[head] ?? (head || 'input');
  const rest = path.slice(1).map((part) => (typeof part === 'number' ? `#${part + 1}` : String(part)));
  return [base, ...rest].join(' ');
}

/** One readable sentence for a zod failure, naming the fields by the given labels. */
export function inputErrorFrom(error: z.ZodError, labels: Labels = {}): InputError {
  const first = error.issues[0];
  const key = first?.path.map(String).join('.') ?? '';
  const parts = error.issues.map((issue) => `${nameOf(issue.path, labels)}: ${issue.message}`);
  return new InputError(`Invalid ${nameOf(first?.path ?? [], labels)}. ${parts.join('; ')}.`, key || undefined);
}

/** Parses user input with a schema, throwing an InputError that names the field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, labels?: Labels): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw inputErrorFrom(result.error, labels);
  return result.data;
}
