import { describe, expect, it } from 'vitest';
import {
  BackendUnavailableError,
  BadRequestError,
  EncodeError,
  errorCodes,
  fromWire,
  InternalError,
  InvalidKeyError,
  InvalidOperationError,
  LimitExceededError,
  ReactiveError,
  UnauthorizedError,
  UnknownActorError,
  UnknownSessionError,
  ValidationError,
  ValueTooLargeError,
  VersionConflictError,
} from '../../src/index.ts';

const classes: (new (message: string, options?: ErrorOptions) => ReactiveError)[] = [
  InvalidKeyError,
  EncodeError,
  ValueTooLargeError,
  VersionConflictError,
  InvalidOperationError,
  UnauthorizedError,
  BackendUnavailableError,
  UnknownActorError,
  BadRequestError,
  LimitExceededError,
  UnknownSessionError,
  InternalError,
  ValidationError,
];

describe('typed errors', () => {
  it('have one class per stable code', () => {
    const codes = classes.map((C) => new C('m').code);
    expect(new Set(codes).size).toBe(classes.length);
    expect([...codes].sort()).toEqual([...errorCodes].sort());
  });

  it.each(classes.map((C) => [C.name, C] as const))(
    '%s survives the wire as the same class',
    (_, C) => {
      const cause = new Error('root cause');
      const original = new C('it broke', { cause });
      const wire = JSON.parse(JSON.stringify(original.toWire()));
      expect(wire).toMatchObject({ code: original.code, message: 'it broke' });
      const rebuilt = fromWire(wire);
      expect(rebuilt).toBeInstanceOf(C);
      expect(rebuilt).toBeInstanceOf(ReactiveError);
      expect(rebuilt?.message).toBe('it broke');
      expect(original.cause).toBe(cause);
      expect(original.name).toBe(C.name);
    },
  );

  it('a ValidationError keeps its issues across the wire', () => {
    const issues = [{ path: [1, 'text'], message: 'Too long' }];
    const wire = JSON.parse(JSON.stringify(new ValidationError('bad', { issues }).toWire()));
    const rebuilt = fromWire({ ...wire, issues: [...wire.issues, { path: 'x' }] });
    expect(rebuilt).toBeInstanceOf(ValidationError);
    expect((rebuilt as ValidationError).issues).toEqual(issues); // the malformed one dropped
  });

  it.each([
    ['reactive-rsc', '../../src/index.ts'],
    ['reactive-rsc/rivet', '../../src/rivet/index.ts'],
    ['reactive-rsc/server', '../../src/server/index.ts'],
    ['reactive-rsc/client', '../../src/client/index.ts'],
  ])('%s exports every error class and fromWire', async (_, path) => {
    const entry = (await import(path)) as Record<string, unknown>;
    for (const C of classes) expect(entry[C.name], C.name).toBe(C);
    expect(entry.fromWire).toBe(fromWire);
    expect(entry.ReactiveError).toBe(ReactiveError);
  });

  it('returns undefined for anything that is not one of ours', () => {
    expect(fromWire({ code: 'NOPE', message: 'x' })).toBeUndefined();
    expect(fromWire('INVALID_KEY')).toBeUndefined();
    expect(fromWire(null)).toBeUndefined();
  });
});
