import { VersionConflictError } from '../errors.ts';
import { applyOp } from './apply-op.ts';
import type { Backend, Stored, WriteOp } from './backend.ts';
import { decode, encode } from './codec.ts';
import type { SignalKey } from './key.ts';
import { type Schema, validate } from './schema.ts';

/**
 * A write whose result must match `schema`, in the backend. A `set` is checked as sent (its
 * `ifVersion`, if any, kept). `add`, `append` and `merge` produce their value from what is
 * stored, so they run here, through `applyOp` as the backend would, and the checked result is
 * written as a compare-and-set of that version, again on a lost race. A delete stores nothing
 * and is not checked.
 */
export async function validatedWrite(
  backend: Backend,
  key: SignalKey,
  op: WriteOp,
  schema: Schema<unknown>,
  options: { maxAttempts: number; base?: Stored },
): Promise<Stored> {
  const what = `${op.op} on ${key.join('/')}`;
  if (op.op === 'delete') return backend.write(key, op);
  if (op.op === 'set') {
    const data = encode(await validate(schema, decode(op.data), what), backend.maxBytes);
    return backend.write(key, { ...op, data });
  }
  let base = options.base ?? (await backend.read(key));
  for (let attempt = 1; ; attempt++) {
    const next = applyOp(base, op, backend.maxBytes);
    const value = await validate(schema, next.data === null ? null : decode(next.data), what);
    const data = encode(value, backend.maxBytes);
    try {
      return await backend.write(key, { op: 'set', data, ifVersion: base.version });
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= options.maxAttempts) throw error;
      base = error.current ?? (await backend.read(key));
    }
  }
}
