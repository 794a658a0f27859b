import { z } from 'zod';
import { DomainError } from '../../domain/errors.ts';
import type { Locale } from '../../domain/playbook.ts';
import type { FieldProblem } from './errors.ts';

/** Where an input comes from; names the field when the problem is the whole input. */
export type InputLocation = 'params' | 'query' | 'body';

const zodLocales: Record<Locale, z.core.$ZodErrorMap> = {
  ja: z.locales.ja().localeError,
  en: z.locales.en().localeError,
};

function fieldName(path: readonly PropertyKey[], location: InputLocation): string {
  return path.length === 0 ? location : path.map(String).join('.');
}

/** One problem per field: an unknown key is named itself rather than its parent object. */
function problemsOf(issues: readonly z.core.$ZodIssue[], location: InputLocation): FieldProblem[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          field: fieldName([...issue.path, key], location),
          message: issue.message,
        }))
      : [{ field: fieldName(issue.path, location), message: issue.message }],
  );
}

/** Validates one input of a request; throws `validation_failed` naming every bad field. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  location: InputLocation,
  locale: Locale,
): z.output<S> {
  const result = schema.safeParse(value, { error: zodLocales[locale] });
  if (result.success) return result.data;
  const problems = problemsOf(result.error.issues, location);
  const fields = [...new Set(problems.map((p) => p.field))].join(', ');
  throw new DomainError('validation_failed', { field: fields }, problems);
}

/** Whether a schema is an object that refuses unknown keys (`z.strictObject`). */
export function isStrictObject(schema: z.ZodType): boolean {
  if (!(schema instanceof z.ZodObject)) return false;
  const catchall = schema.def.catchall;
  return catchall instanceof z.ZodNever;
}
