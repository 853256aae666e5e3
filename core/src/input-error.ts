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

/** One readable sentence for a zod failure, naming the fields by the given labels. */
export function inputErrorFrom(error: z.ZodError, labels: Readonly<Record<string, string>> = {}): InputError {
  const first = error.issues[0];
  const key = first?.path.map(String).join('.') ?? '';
  const label = labels[key] ?? (key || 'input');
  const parts = error.issues.map((issue) => {
    const name = labels[issue.path.map(String).join('.')] ?? (issue.path.map(String).join('.') || 'input');
    return `${name}: ${issue.message}`;
  });
  return new InputError(`Invalid ${label}. ${parts.join('; ')}.`, key || undefined);
}

/** Parses user input with a schema, throwing an InputError that names the field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, labels?: Readonly<Record<string, string>>): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw inputErrorFrom(result.error, labels);
  return result.data;
}
