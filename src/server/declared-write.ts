import type { Backend, Stored, WriteOp } from '../core/backend.ts';
import type { Encoded } from '../core/codec.ts';
import { declarationOf } from '../core/declared-keys.ts';
import type { SignalKey } from '../core/key.ts';
import type { Schema } from '../core/schema.ts';
import { validatedWrite } from '../core/validated-write.ts';

/**
 * A browser's write as the server declared the signal: its initial value, never the one the
 * browser sent (a fresh counter cannot start at 1,000), and its schema. A key no server code in
 * this process declared keeps what the browser sent: under `authorize` that is the app's own
 * choice to let browsers write keys it never declared; write rules (`writes`) always write
 * through a declared signal.
 */
export function writeAsDeclared(
  backend: Backend,
  key: SignalKey,
  op: WriteOp,
  declaration:
    | { initial: Encoded; schema: Schema<unknown> | undefined }
    | undefined = declarationOf(backend.store ?? backend.kind, key),
): Promise<Stored> {
  const sent = withInitial(op, declaration?.initial);
  return declaration?.schema
    ? validatedWrite(backend, key, sent, declaration.schema, { maxAttempts: 100 })
    : backend.write(key, sent);
}

function withInitial(op: WriteOp, initial: Encoded | undefined): WriteOp {
  if (op.op === 'set' || op.op === 'delete' || initial === undefined) return op;
  return { ...op, initial };
}
