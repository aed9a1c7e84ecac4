import type { StandardSchemaV1 } from '@standard-schema/spec';
import { ValidationError, type ValidationIssue } from '../errors.ts';

/**
 * Any Standard Schema validator whose output is `T`: zod, valibot, arktype and others implement
 * `~standard`, so reactive-rsc depends on the spec's type only, never on a validator library.
 */
export type Schema<T> = StandardSchemaV1<unknown, T>;

/** The value a schema accepts, as its output (a schema may transform); throws `ValidationError`. */
export async function validate<T>(schema: Schema<T>, value: unknown, what: string): Promise<T> {
  const result = await schema['~standard'].validate(value);
  if (!result.issues) return result.value;
  const issues: ValidationIssue[] = result.issues.map((issue) => ({
    message: issue.message,
    path: (issue.path ?? []).map((part) => {
      const key = typeof part === 'object' && part !== null ? part.key : part;
      return typeof key === 'number' ? key : String(key);
    }),
  }));
  const first = issues[0];
  const where = first?.path.length ? ` at ${first.path.join('.')}` : '';
  throw new ValidationError(
    `${what}: ${first?.message ?? 'invalid value'}${where}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`,
    { issues },
  );
}
