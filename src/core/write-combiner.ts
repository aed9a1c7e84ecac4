import { isErrorCode, wireOf } from '../errors.ts';
import { type BatchOp, type CombinableOp, isCombinable, MAX_BATCH } from './apply-op.ts';
import type { Stored, WriteOp } from './backend.ts';
import { keyId, type SignalKey } from './key.ts';

/** A refusal of what one write holds, not of the batch as such: its writes are tried alone. */
const REFUSALS_OF_ONE_WRITE = new Set(['INVALID_OPERATION', 'INVALID_VALUE', 'VALUE_TOO_LARGE']);

interface Waiting {
  op: WriteOp;
  resolve: (stored: Stored) => void;
  reject: (error: unknown) => void;
  /** Sent on its own: the batch it was in was refused for what one of its writes held. */
  alone?: boolean;
}

/**
 * Write combining (group commit) per key: one write at a time goes from this process to a key's
 * actor; the adds, appends and merges that arrive meanwhile go next as one batch, applied in
 * call order for one version. So 64 concurrent `add(1)` are a handful of actions, not 64, and
 * every caller's answer is the state that holds its write. A `set` or `delete` is never folded
 * into a batch: it goes at once when nothing waits, else after the writes waiting before it.
 *
 * A batch refused for what one write holds (a value too large, an operation that does not fit)
 * is sent again one write at a time, so only the writes at fault are refused; any other failure
 * (unauthorized, unreachable) is every caller's.
 */
export class WriteCombiner {
  readonly #send: (key: SignalKey, op: WriteOp | BatchOp) => Promise<Stored>;
  /** What one batch may carry in encoded bytes: the backend's value limit. */
  readonly #maxBytes: number;
  readonly #keys = new Map<string, { key: SignalKey; waiting: Waiting[] }>();

  constructor(send: (key: SignalKey, op: WriteOp | BatchOp) => Promise<Stored>, maxBytes: number) {
    this.#send = send;
    this.#maxBytes = maxBytes;
  }

  write(key: SignalKey, op: WriteOp): Promise<Stored> {
    const id = keyId(key);
    const queue = this.#keys.get(id);
    // A set or delete with nothing waiting before it goes at once, beside whatever is in
    // flight, as it would without combining: concurrent sets are not made to queue.
    if (!isCombinable(op) && !queue?.waiting.length) return this.#send(key, op);
    return new Promise<Stored>((resolve, reject) => {
      if (queue) return void queue.waiting.push({ op, resolve, reject });
      // Nothing in flight for this key: this write goes now.
      this.#keys.set(id, { key, waiting: [] });
      void this.#run(id, [{ op, resolve, reject }]);
    });
  }

  /** Sends `writes` as one action, then whatever waited meanwhile, until nothing waits. */
  async #run(id: string, writes: Waiting[]): Promise<void> {
    const queue = this.#keys.get(id);
    if (!queue) return;
    for (let next = writes; next.length > 0; next = takeNext(queue.waiting, this.#maxBytes)) {
      const ops = next.map((w) => w.op);
      const op: WriteOp | BatchOp =
        ops.length === 1 ? (ops[0] as WriteOp) : { op: 'batch', ops: ops as CombinableOp[] };
      try {
        const stored = await this.#send(queue.key, op);
        for (const write of next) write.resolve(stored);
        // Let the callers just answered write again before the next batch is cut: a writer
        // in a loop comes back a few promise turns later, and would otherwise miss it.
        await nextTurn();
      } catch (error) {
        const code = wireOf(error)?.code;
        if (next.length > 1 && isErrorCode(code) && REFUSALS_OF_ONE_WRITE.has(code)) {
          queue.waiting.unshift(...next.map((write) => ({ ...write, alone: true })));
        } else {
          for (const write of next) write.reject(error);
        }
      }
    }
    this.#keys.delete(id);
  }
}

/**
 * The writes to send next: the first waiting one, with the combinable ones that follow it, as
 * many as fit one action (`MAX_BATCH` writes, `maxBytes` of encoded items and patches).
 */
function takeNext(waiting: Waiting[], maxBytes: number): Waiting[] {
  const first = waiting[0];
  if (!first) return [];
  if (first.alone || !isCombinable(first.op)) return waiting.splice(0, 1);
  let count = 1;
  let bytes = encodedBytes(first.op);
  while (count < waiting.length && count < MAX_BATCH) {
    const write = waiting[count] as Waiting;
    if (write.alone || !isCombinable(write.op)) break;
    bytes += encodedBytes(write.op);
    if (bytes > maxBytes) break;
    count++;
  }
  return waiting.splice(0, count);
}

/** At most the bytes a combinable write carries: its text's UTF-16 length × 3 bounds its UTF-8. */
function encodedBytes(op: CombinableOp): number {
  const carried = op.op === 'append' ? op.item : op.op === 'merge' ? op.patch : '';
  return (carried.length + (op.initial?.length ?? 0)) * 3;
}

const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
