import { BadRequestError, httpStatus, LimitExceededError, wireOf } from '../errors.ts';

/** A JSON answer; never cached, since every answer is about state that moves. */
export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}

/**
 * An error as the wire carries it: ours as `{ code, message }` with the code's status; anything
 * else is a bug, logged here and answered 500 `INTERNAL` without its details.
 */
export function errorResponse(error: unknown): Response {
  const wire = wireOf(error);
  if (wire) return jsonResponse(wire, httpStatus[wire.code]);
  console.error('reactive-rsc hub: unexpected error', error);
  return jsonResponse({ code: 'INTERNAL', message: 'Internal error' }, 500);
}

/**
 * Reads a JSON body, refusing it (`LimitExceededError`) as soon as it passes `maxBytes`, whatever
 * its declared length: a tab cannot make the hub buffer more than that.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    throw new LimitExceededError(`The body is ${declared} bytes; the limit is ${maxBytes}`);
  }
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const chunk = reader ? await reader.read() : { done: true as const, value: undefined };
    if (chunk.done) break;
    size += chunk.value.byteLength;
    if (size > maxBytes) {
      await reader?.cancel();
      throw new LimitExceededError(`The body is over the limit of ${maxBytes} bytes`);
    }
    chunks.push(chunk.value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequestError('The body is not valid JSON');
  }
}
