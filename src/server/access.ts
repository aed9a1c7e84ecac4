import type { Backend, WriteOp } from '../core/backend.ts';
import type { SignalKey } from '../core/key.ts';
import { BadRequestError, UnauthorizedError } from '../errors.ts';

export type HubOperation = 'read' | 'write';

export interface AuthorizeRequest {
  /** The browser's request: read its cookies or headers to know who is asking. */
  request: Request;
  key: SignalKey;
  op: HubOperation;
  /** For writes: the write itself. */
  write?: WriteOp;
}

export type Authorize = (request: AuthorizeRequest) => boolean | Promise<boolean>;

/** Browsers may read and may not write, unless `authorize` says otherwise. */
export const readOnly: Authorize = ({ op }) => op === 'read';

/** Whether `request` may read every key; `readOnly` (the default) reads anything. */
export async function mayReadAll(
  authorize: Authorize,
  request: Request,
  keys: readonly SignalKey[],
): Promise<boolean> {
  if (authorize === readOnly) return true;
  for (const key of keys) if (!(await authorize({ request, key, op: 'read' }))) return false;
  return true;
}

/**
 * Throws `UnauthorizedError` unless `request` may read every signal view `name` reads: a watch
 * or a pull of a leaked token of a private view shows nothing.
 */
export async function assertMayWatch(
  authorize: Authorize,
  request: Request,
  name: string,
  reads: readonly SignalKey[],
): Promise<void> {
  if (!(await mayReadAll(authorize, request, reads))) {
    throw new UnauthorizedError(
      `Not allowed to watch view ${name}: it reads signals this request may not read`,
    );
  }
}

/** Throws `UnauthorizedError` unless `authorize` allows this read or write. */
export async function assertAllowed(authorize: Authorize, asked: AuthorizeRequest): Promise<void> {
  if (!(await authorize(asked))) {
    throw new UnauthorizedError(`Not allowed to ${asked.op} ${asked.key.join('/')}`);
  }
}

/** A hub serves one store (for Rivet, one actor type): a signal of another is refused. */
export function assertServed(backend: Backend, key: SignalKey, store: string | undefined): void {
  if (store === undefined || store === backend.store) return;
  throw new BadRequestError(
    `Signal ${key.join('/')} lives in store ${JSON.stringify(store)}, but this hub serves ${JSON.stringify(backend.store ?? backend.kind)}: give each actor type its own hub, or tell signals apart by namespace`,
  );
}
