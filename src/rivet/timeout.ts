import { BackendUnavailableError } from '../errors.ts';

/**
 * RivetKit ignores abort signals and can wait forever on an engine that is gone, so every call
 * we make has its own deadline. The call itself may still finish later; for a write that means
 * it may or may not have been applied, which the message says.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new BackendUnavailableError(`${what} did not answer within ${ms} ms`)),
      ms,
    );
  });
  promise.catch(() => {}); // a late failure after the deadline is not an unhandled rejection
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
