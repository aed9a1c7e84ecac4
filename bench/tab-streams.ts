// N tabs in a process of their own, as browsers open them: each its own socket with one SSE
// stream (`GET ?session=`), then one POST that watches a live view. The parent says which
// version to wait for; this process answers when every tab has a render at least that new. Kept
// out of the app-server process so that the app's CPU figure is the app's alone.
import { Agent, request } from 'node:http';

type Command =
  | {
      type: 'open';
      url: string;
      n: number;
      watch: Record<string, unknown>;
      /** A hub that renders by pull: on a stale notice a tab POSTs `[{ token, deps }]` to `url`. */
      pull?: { url: string; token: string };
    }
  | { type: 'expect'; version: number }
  | { type: 'close' };

const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
const newest: number[] = [];
const closers: (() => void)[] = [];
let expected: number | undefined;
let pull: { url: string; token: string } | undefined;

const send = (message: object) => process.send?.(message);

function checkReached() {
  if (expected === undefined) return;
  for (const version of newest) if (version < expected) return;
  send({ type: 'reached', version: expected });
  expected = undefined;
}

function shows(i: number, deps: { version: number }[]): void {
  newest[i] = Math.max(newest[i] ?? 0, deps[0]?.version ?? 0);
  checkReached();
}

/** A stale notice: the tab asks for the render, as a framework's server action would. */
async function pulled(
  at: { url: string; token: string },
  i: number,
  deps: { version: number }[],
): Promise<void> {
  try {
    const [view] = (await post(at.url, [{ token: at.token, deps }])) as {
      deps: { version: number }[];
    }[];
    shows(i, view?.deps ?? []);
  } catch (error) {
    send({ type: 'failed', message: String(error) });
  }
}

/** Opens tab `i`'s stream and reads it as EventSource would, keeping its newest view version. */
function openStream(url: string, session: string, i: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}?session=${session}`, { agent }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (text: string) => {
        buffer += text;
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          if (!block.startsWith('event: view\n')) continue;
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice(6))
            .join('\n');
          const event = JSON.parse(data) as { deps: { version: number }[]; payload?: string };
          if (event.payload === undefined && pull) void pulled(pull, i, event.deps);
          else shows(i, event.deps);
        }
      });
      resolve();
    });
    req.on('error', reject);
    closers.push(() => req.destroy());
    req.end();
  });
}

/** A JSON POST, as the tab's client sends them; its JSON answer. */
async function post(url: string, body: object): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

process.on('message', async (command: Command) => {
  try {
    if (command.type === 'open') {
      const { url, n, watch } = command;
      pull = command.pull;
      for (let start = 0; start < n; start += 100) {
        await Promise.all(
          Array.from({ length: Math.min(100, n - start) }, async (_, j) => {
            const i = start + j;
            const session = `tab-${process.pid}-${n}-${i}-0123456789`;
            newest[i] = 0;
            await openStream(url, session, i);
            await post(url, { ...watch, session });
          }),
        );
      }
      send({ type: 'opened' });
    } else if (command.type === 'expect') {
      expected = command.version;
      checkReached();
    } else {
      for (const close of closers.splice(0)) close();
      newest.length = 0;
      send({ type: 'closed' });
    }
  } catch (error) {
    send({ type: 'failed', message: String(error) });
  }
});
