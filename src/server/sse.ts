/**
 * Server-sent events framing (WHATWG HTML, "server-sent events"). Every line of `data` becomes
 * its own `data:` field, since a bare newline would end the field; CR is split on too, because
 * the browser treats CR, LF and CRLF alike as line ends.
 */
export interface SseEvent {
  id?: string | number;
  event?: string;
  data: string;
  /** Milliseconds the browser waits before it reconnects a dropped stream. */
  retry?: number;
}

export function formatEvent({ id, event, data, retry }: SseEvent): string {
  let out = retry === undefined ? '' : `retry: ${Math.floor(retry)}\n`;
  if (event !== undefined) out += `event: ${singleLine(event)}\n`;
  for (const line of data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  if (id !== undefined) out += `id: ${singleLine(String(id))}\n`;
  return `${out}\n`;
}

/** A comment line: ignored by the browser, but it keeps proxies open and finds dead peers. */
export function formatComment(text = ''): string {
  return `: ${singleLine(text)}\n\n`;
}

function singleLine(text: string): string {
  return text.replace(/[\r\n]/g, ' ');
}

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};
