import type { Stored } from '../core/backend.ts';
import type { SignalKey } from '../core/key.ts';
import type { HubEventName, HubEvents, ViewEvent } from '../core/protocol.ts';
import { formatComment, formatEvent, type SseEvent } from './sse.ts';

// The bytes of a tab's stream. A change goes to every tab that follows it, so what is the same
// for all of them is framed and encoded once per change, not once per tab.

const encoder = new TextEncoder();

export const HEARTBEAT: Uint8Array = encoder.encode(formatComment());

/** One event of a tab's stream, its data typed by its name. */
export function hubEvent<N extends HubEventName>(
  name: N,
  data: HubEvents[N],
  fields: Pick<SseEvent, 'id' | 'retry'> = {},
): string {
  return formatEvent({ ...fields, event: name, data: JSON.stringify(data) });
}

export const encodeText = (text: string): Uint8Array => encoder.encode(text);

/**
 * A view render's event, whole: one payload object is pushed to every tab watching the view,
 * and view events carry no `id` (a tab that reconnects is brought up to date by watching again,
 * not by replay), so every tab gets the same bytes.
 */
const viewFrames = new WeakMap<ViewEvent, Uint8Array>();
export function viewFrame(payload: ViewEvent): Uint8Array {
  let frame = viewFrames.get(payload);
  if (frame === undefined) {
    frame = encoder.encode(hubEvent('view', payload));
    viewFrames.set(payload, frame);
  }
  return frame;
}

/**
 * A value event without its end: every tab following the key gets the same state object from
 * the backend, and only the event id, which `valueEnd` adds, is the tab's own.
 */
const valueFrames = new WeakMap<Stored, Uint8Array>();
export function valueFrame(key: SignalKey, stored: Stored): Uint8Array {
  let frame = valueFrames.get(stored);
  if (frame === undefined) {
    const whole = hubEvent('value', { key, version: stored.version, data: stored.data });
    frame = encoder.encode(whole.slice(0, -1)); // up to the blank line that ends the event
    valueFrames.set(stored, frame);
  }
  return frame;
}

/** The end of a value event: its id (for the tab's `Last-Event-ID`), then the blank line. */
export const valueEnd = (id: number): Uint8Array => encoder.encode(`id: ${id}\n\n`);

export function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
