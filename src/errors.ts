/**
 * Every error reactive-rsc throws on purpose. Each has a stable string `code`; across HTTP/SSE an
 * error travels as `{ code, message }` (`toWire`) and is rebuilt as the same class (`fromWire`),
 * so callers branch on `code` or `instanceof` on either side of the wire.
 */

import type { Stored } from './core/backend.ts';

export type ErrorCode =
  | 'INVALID_KEY'
  | 'ENCODE_ERROR'
  | 'VALUE_TOO_LARGE'
  | 'VERSION_CONFLICT'
  | 'INVALID_OPERATION'
  | 'INVALID_VALUE'
  | 'UNAUTHORIZED'
  | 'BACKEND_UNAVAILABLE'
  | 'UNKNOWN_ACTOR'
  | 'BAD_REQUEST'
  | 'LIMIT_EXCEEDED'
  | 'UNKNOWN_SESSION'
  | 'INTERNAL';

export interface WireError {
  code: ErrorCode;
  message: string;
  /** `INVALID_VALUE` only: what the schema found wrong. */
  issues?: ValidationIssue[];
}

/** One thing a schema found wrong with a value: where (`path`, empty for the value itself) and what. */
export interface ValidationIssue {
  path: (string | number)[];
  message: string;
}

export abstract class ReactiveError extends Error {
  abstract readonly code: ErrorCode;

  toWire(): WireError {
    return { code: this.code, message: this.message };
  }
}

/** A signal key part is empty, longer than 128 characters, or holds a comma or control character. */
export class InvalidKeyError extends ReactiveError {
  readonly code = 'INVALID_KEY';
  override readonly name = 'InvalidKeyError';
}

/** The value cannot be encoded faithfully by superjson (functions, symbols, class instances…). */
export class EncodeError extends ReactiveError {
  readonly code = 'ENCODE_ERROR';
  override readonly name = 'EncodeError';
}

/** The encoded value is larger than the configured limit (1 MiB by default). */
export class ValueTooLargeError extends ReactiveError {
  readonly code = 'VALUE_TOO_LARGE';
  override readonly name = 'ValueTooLargeError';
}

/** A compare-and-set write lost: the stored version moved on (after the retries, for `set(fn)`). */
export class VersionConflictError extends ReactiveError {
  readonly code = 'VERSION_CONFLICT';
  override readonly name = 'VersionConflictError';
  /** What the store holds now, when it said: lets `set(fn)` retry without another read. */
  readonly current: Stored | undefined;

  constructor(message: string, options?: ErrorOptions & { current?: Stored }) {
    super(message, options);
    this.current = options?.current;
  }
}

/** An atomic operation does not fit the stored value (`add` to a string, `append` to an object…). */
export class InvalidOperationError extends ReactiveError {
  readonly code = 'INVALID_OPERATION';
  override readonly name = 'InvalidOperationError';
}

/**
 * A value does not match its signal's schema (`signal(name, initial, { schema })`) or the
 * actor's `validate`; nothing was stored. `issues` says where and what.
 */
export class ValidationError extends ReactiveError {
  readonly code = 'INVALID_VALUE';
  override readonly name = 'ValidationError';
  readonly issues: ValidationIssue[];

  constructor(message: string, options?: ErrorOptions & { issues?: ValidationIssue[] }) {
    super(message, options);
    this.issues = options?.issues ?? [];
  }

  override toWire(): WireError {
    return { code: this.code, message: this.message, issues: this.issues };
  }
}

/** The caller may not read or write this signal. */
export class UnauthorizedError extends ReactiveError {
  readonly code = 'UNAUTHORIZED';
  override readonly name = 'UnauthorizedError';
}

/** The backend (Rivet engine, actor, hub) could not be reached in time; `cause` says why. */
export class BackendUnavailableError extends ReactiveError {
  readonly code = 'BACKEND_UNAVAILABLE';
  override readonly name = 'BackendUnavailableError';
}

/** The registry has no actor of the requested name. */
export class UnknownActorError extends ReactiveError {
  readonly code = 'UNKNOWN_ACTOR';
  override readonly name = 'UnknownActorError';
}

/** A request to the hub is not one it understands (malformed JSON, wrong shape, unknown type). */
export class BadRequestError extends ReactiveError {
  readonly code = 'BAD_REQUEST';
  override readonly name = 'BadRequestError';
}

/** A hub limit was reached: body size, subscriptions per session, sessions per process. */
export class LimitExceededError extends ReactiveError {
  readonly code = 'LIMIT_EXCEEDED';
  override readonly name = 'LimitExceededError';
}

/** The session named in a request is not open on this hub (expired, or never opened). */
export class UnknownSessionError extends ReactiveError {
  readonly code = 'UNKNOWN_SESSION';
  override readonly name = 'UnknownSessionError';
}

/**
 * A bug on the server (a render or handler that threw something not ours), kept apart from
 * `BACKEND_UNAVAILABLE` so that a tab never reads a server bug as the engine being down.
 */
export class InternalError extends ReactiveError {
  readonly code = 'INTERNAL';
  override readonly name = 'InternalError';
}

const errorClasses = {
  INVALID_KEY: InvalidKeyError,
  ENCODE_ERROR: EncodeError,
  VALUE_TOO_LARGE: ValueTooLargeError,
  VERSION_CONFLICT: VersionConflictError,
  INVALID_OPERATION: InvalidOperationError,
  INVALID_VALUE: ValidationError,
  UNAUTHORIZED: UnauthorizedError,
  BACKEND_UNAVAILABLE: BackendUnavailableError,
  UNKNOWN_ACTOR: UnknownActorError,
  BAD_REQUEST: BadRequestError,
  LIMIT_EXCEEDED: LimitExceededError,
  UNKNOWN_SESSION: UnknownSessionError,
  INTERNAL: InternalError,
} satisfies Record<ErrorCode, new (message: string, options?: ErrorOptions) => ReactiveError>;

/** The HTTP status each code travels with (hub answers, Node adapter). */
export const httpStatus: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  INVALID_KEY: 400,
  ENCODE_ERROR: 400,
  INVALID_OPERATION: 400,
  UNAUTHORIZED: 403,
  INVALID_VALUE: 422,
  UNKNOWN_SESSION: 404,
  VERSION_CONFLICT: 409,
  VALUE_TOO_LARGE: 413,
  LIMIT_EXCEEDED: 429,
  INTERNAL: 500,
  UNKNOWN_ACTOR: 500,
  BACKEND_UNAVAILABLE: 503,
};

export const errorCodes = Object.keys(errorClasses) as ErrorCode[];

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(errorClasses, code);
}

/** Rebuilds the typed error from its wire form; `undefined` when `wire` is not one of ours. */
export function fromWire(wire: unknown, cause?: unknown): ReactiveError | undefined {
  if (typeof wire !== 'object' || wire === null) return undefined;
  const { code, message, issues } = wire as { code?: unknown; message?: unknown; issues?: unknown };
  if (!isErrorCode(code)) return undefined;
  const text = typeof message === 'string' ? message : code;
  if (code === 'INVALID_VALUE')
    return new ValidationError(text, { cause, issues: wireIssues(issues) });
  const ErrorClass = errorClasses[code];
  return new ErrorClass(text, { cause });
}

/** The issues of a wire error, keeping only well-formed ones. */
function wireIssues(issues: unknown): ValidationIssue[] {
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((issue: { path?: unknown; message?: unknown }) =>
    typeof issue?.message === 'string' && Array.isArray(issue.path)
      ? [
          {
            message: issue.message,
            path: issue.path.filter(
              (part): part is string | number =>
                typeof part === 'string' || typeof part === 'number',
            ),
          },
        ]
      : [],
  );
}

/**
 * The wire form of an error of ours, recognised by its code rather than `instanceof`: a bundled
 * app can hold two copies of this package (its server bundle's, and the one its server script
 * imports), each with its own classes. `undefined` for anything else, which is a bug.
 */
export function wireOf(error: unknown): WireError | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, toWire } = error as { code?: unknown; toWire?: unknown };
  if (!isErrorCode(code)) return undefined;
  return typeof toWire === 'function'
    ? (toWire.call(error) as WireError)
    : { code, message: error.message };
}
