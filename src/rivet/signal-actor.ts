import type { Stored, WriteOp } from '../core/backend.ts';
import type { Encoded } from '../core/codec.ts';

/** The signal actor's actions as a client sees them (`actors/signal.ts`). */
export interface SignalActions {
  get(): Promise<Stored>;
  set(value: Encoded, ifVersion?: number): Promise<Stored>;
  add(by: number, initial?: Encoded): Promise<Stored>;
  append(item: Encoded, max?: number, initial?: Encoded): Promise<Stored>;
  merge(patch: Encoded, initial?: Encoded): Promise<Stored>;
  delete(ifVersion?: number): Promise<Stored>;
}

export type ConnStatus = 'idle' | 'connecting' | 'connected' | 'disconnected';

/** One RivetKit connection (its own WebSocket) to one signal actor. */
export interface SignalConn extends SignalActions {
  readonly connStatus: ConnStatus;
  on(event: 'change', listener: (stored: Stored) => void): () => void;
  onStatusChange(listener: (status: ConnStatus) => void): () => void;
  onError(listener: (error: unknown) => void): () => void;
  dispose(): Promise<void>;
}

export interface SignalHandle extends SignalActions {
  connect(): SignalConn;
}

/** Sends one write to the action that performs it. */
export function callWrite(actor: SignalActions, op: WriteOp): Promise<Stored> {
  switch (op.op) {
    case 'set':
      return actor.set(op.data, op.ifVersion);
    case 'add':
      return actor.add(op.by, op.initial);
    case 'append':
      return actor.append(op.item, op.max, op.initial);
    case 'merge':
      return actor.merge(op.patch, op.initial);
    case 'delete':
      return actor.delete(op.ifVersion);
  }
}
