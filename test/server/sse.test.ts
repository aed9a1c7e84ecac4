import { describe, expect, it } from 'vitest';
import { formatComment, formatEvent } from '../../src/server/sse.ts';

describe('SSE framing', () => {
  it('writes id, event and one data field per line, ended by a blank line', () => {
    expect(formatEvent({ id: 7, event: 'value', data: 'a\nb\r\nc\rd' })).toBe(
      'event: value\ndata: a\ndata: b\ndata: c\ndata: d\nid: 7\n\n',
    );
  });

  it('keeps UTF-8 text intact, emoji and CJK included', () => {
    const text = '温度 🌡️ 21°C — ok';
    const bytes = new TextEncoder().encode(formatEvent({ data: text }));
    expect(new TextDecoder().decode(bytes)).toBe(`data: ${text}\n\n`);
  });

  it('cannot be broken out of by newlines in the event name or id', () => {
    expect(formatEvent({ id: '1\n2', event: 'x\ndata: evil', data: '' })).toBe(
      'event: x data: evil\ndata: \nid: 1 2\n\n',
    );
  });

  it('writes heartbeats as comments', () => {
    expect(formatComment()).toBe(': \n\n');
  });
});
