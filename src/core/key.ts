import { InvalidKeyError } from '../errors.ts';

/** `[namespace, name]`: the identity of a persisted signal across processes and restarts. */
export type SignalKey = readonly [namespace: string, name: string];

export const MAX_KEY_PART_LENGTH = 128;

// RivetKit joins key parts with commas, so ['a,b'] and ['a', 'b'] would be the same actor.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject
const FORBIDDEN = /[,\u0000-\u001f\u007f-\u009f]/;

export function assertKeyPart(part: unknown, role: 'namespace' | 'name'): asserts part is string {
  if (typeof part !== 'string') {
    throw new InvalidKeyError(`Signal ${role} must be a string, got ${typeof part}`);
  }
  if (part.length === 0) throw new InvalidKeyError(`Signal ${role} must not be empty`);
  if (part.length > MAX_KEY_PART_LENGTH) {
    throw new InvalidKeyError(
      `Signal ${role} is ${part.length} characters long; the limit is ${MAX_KEY_PART_LENGTH}`,
    );
  }
  if (FORBIDDEN.test(part)) {
    throw new InvalidKeyError(
      `Signal ${role} ${JSON.stringify(part)} contains a comma or a control character`,
    );
  }
}

export function assertKey(key: unknown): asserts key is SignalKey {
  if (!Array.isArray(key) || key.length !== 2) {
    throw new InvalidKeyError('A signal key is a [namespace, name] pair');
  }
  assertKeyPart(key[0], 'namespace');
  assertKeyPart(key[1], 'name');
}

/** One string per key, for maps. Unambiguous because key parts cannot contain commas. */
export function keyId(key: SignalKey): string {
  return `${key[0]},${key[1]}`;
}
