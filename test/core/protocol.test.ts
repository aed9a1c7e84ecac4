import { describe, expect, it } from 'vitest';
import { encode } from '../../src/core/codec.ts';
import { parseHubEvent } from '../../src/core/parse-event.ts';
import { parseHubRequest } from '../../src/core/parse-request.ts';
import type { HubRequest } from '../../src/core/protocol.ts';
import { InternalError } from '../../src/errors.ts';

// The tab and the hub read one protocol: what one side writes, the other parses back as is.

const session = 'tab-session-0123456789';

describe('wire protocol', () => {
  it('a request the tab sends is parsed back whole by the hub, naming the hub process', () => {
    const requests: HubRequest[] = [
      { type: 'subscribe', session, hub: 'hubA', keys: [{ key: ['a', 'b'], version: 3 }] },
      { type: 'unsubscribe', session, hub: 'hubA', keys: [['a', 'b']] },
      {
        type: 'watch',
        session,
        hub: 'hubA',
        view: 'token',
        deps: [{ key: ['a', 'b'], version: 1 }],
      },
      { type: 'unwatch', session, view: 'view-id' },
      { type: 'write', key: ['a', 'b'], op: { op: 'add', by: 1 } },
    ];
    for (const request of requests) {
      expect(parseHubRequest(JSON.parse(JSON.stringify(request)))).toMatchObject(request);
    }
  });

  it('each event the hub sends is read by the tab with its type', () => {
    const value = parseHubEvent(
      'value',
      JSON.stringify({ key: ['a', 'b'], version: 2, data: encode(1) }),
    );
    expect(value).toEqual({ key: ['a', 'b'], version: 2, data: encode(1) });
    expect(
      parseHubEvent('session', JSON.stringify({ session, resumed: true, hub: 'hubA' })),
    ).toEqual({
      session,
      resumed: true,
      hub: 'hubA',
    });
    const view = { view: 'v', render: 1, deps: [{ key: ['a', 'b'], version: 2 }], payload: 'AA==' };
    expect(parseHubEvent('view', JSON.stringify(view))).toEqual(view);
  });

  it('a malformed event is refused with InternalError, never read half-typed', () => {
    const malformed: [Parameters<typeof parseHubEvent>[0], string][] = [
      ['value', '{not json'],
      ['value', JSON.stringify({ key: ['a'], version: 1, data: null })],
      ['value', JSON.stringify({ key: ['a', 'b'], version: -1, data: null })],
      ['session', JSON.stringify({ session, resumed: 'yes' })],
      ['session', JSON.stringify({ session, resumed: false, hub: 'not a hub id' })],
      ['view', JSON.stringify({ view: 'v', render: 1, deps: [{ key: ['a', 'b'] }], payload: '' })],
      ['view', JSON.stringify([])],
    ];
    for (const [name, data] of malformed) {
      expect(() => parseHubEvent(name, data), `${name} ${data}`).toThrow(InternalError);
    }
  });
});
