import type { Stored } from '../core/backend.ts';
import {
  BackendUnavailableError,
  fromWire,
  ReactiveError,
  VersionConflictError,
} from '../errors.ts';

/**
 * The signal actor throws our typed errors as RivetKit `UserError`s with our code; they reach the
 * client as `{ group: 'user', code, message }` and become the same class again here. Anything
 * else (network, engine, guard) means the backend could not serve the call.
 */
export function toTypedError(error: unknown, what: string): ReactiveError {
  if (error instanceof ReactiveError) return error;
  const e = error as { group?: unknown; code?: unknown; message?: unknown; metadata?: unknown };
  if (e && e.group === 'user' && e.code === 'VERSION_CONFLICT') {
    const current = (e.metadata as { current?: Stored } | undefined)?.current;
    return new VersionConflictError(String(e.message), { cause: error, current });
  }
  if (e && e.group === 'user') {
    const issues = (e.metadata as { issues?: unknown } | undefined)?.issues;
    const typed = fromWire({ code: e.code, message: e.message, issues }, error);
    if (typed) return typed;
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new BackendUnavailableError(`${what} failed: ${detail}`, { cause: error });
}
