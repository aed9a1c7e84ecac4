// Q8: one write to a live view watched by N tabs (N = 1, 100, 1,000) in one app-server process
// on its own engine: time until the last tab has the new render, the process's CPU for that
// write, and how many renders it took. Tabs are hub sessions over HTTP (an SSE stream each on its
// own socket, as the browser client opens them), read in a process of their own
// (bench/tab-streams.ts). The renderer is React's own (`react-dom/server`, HTML rather than RSC:
// Node without the react-server condition), so a render costs what a React render costs. The
// same view by pull (the Next.js model) is measured beside it: a stale notice per tab, then a
// POST per tab for the render.
import { fork } from 'node:child_process';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createElement, type ReactNode } from 'react';
import { renderToReadableStream } from 'react-dom/server';
import { reactiveStateActor } from '../actors/index.ts';
import { createReactiveBackend } from '../src/rivet/index.ts';
import { createReactiveHandler, live, toNodeListener, useReactive } from '../src/server/index.ts';
import { signView } from '../src/server/live/token.ts';
import { SSE_HEADERS } from '../src/server/sse.ts';
import { median, report, sleep, startRig } from './lib.ts';

const WRITES = 10;

export async function run(): Promise<void> {
  const rig = await startRig({ reactiveState: reactiveStateActor });
  const tabs = tabProcess();
  try {
    const app = createReactiveBackend({ registry: rig.registry, namespace: 'live' });
    const figures: Record<number, Measured> = {};
    const pulled: Record<number, Measured> = {};
    for (const n of [1, 100, 1000]) {
      figures[n] = await measure(app, tabs, n, 'push');
      report({
        name: `live view fan-out ${n} tabs: time to last p50`,
        value: figures[n].last,
        unit: 'ms',
      });
      report({
        name: `live view fan-out ${n} tabs: process CPU per write p50`,
        value: figures[n].cpu,
        unit: 'ms',
      });
      const floor = await rawFloor(tabs, n);
      report({ name: `raw http floor ${n} tabs: time to last p50`, value: floor.last, unit: 'ms' });
      report({
        name: `raw http floor ${n} tabs: process CPU per write p50`,
        value: floor.cpu,
        unit: 'ms',
      });
      report({
        name: `live view renders per write at ${n} tabs`,
        value: figures[n].renders,
        unit: 'renders',
        ...(n === 1000 ? { target: '== 1' } : {}),
      });
      pulled[n] = await measure(app, tabs, n, 'pull');
      report({
        name: `live view by pull ${n} tabs: time to last p50`,
        value: pulled[n].last,
        unit: 'ms',
      });
      report({
        name: `live view by pull ${n} tabs: process CPU per write p50`,
        value: pulled[n].cpu,
        unit: 'ms',
      });
      report({
        name: `live view by pull ${n} tabs: app CPU pull / push`,
        value: pulled[n].cpu / figures[n].cpu,
        unit: 'x',
      });
    }
    const [one, many] = [figures[1], figures[1000]];
    if (one && many) {
      report({
        name: 'live view fan-out 1000 tabs: time to last / time to last at 1 tab',
        value: many.last / one.last,
        unit: 'x',
        target: '<= 1.5',
      });
      report({
        name: 'live view fan-out 1000 tabs: app CPU per write / app CPU at 1 tab',
        value: many.cpu / one.cpu,
        unit: 'x',
        target: '<= 3',
      });
    }
    await app.backend.close();
  } finally {
    tabs.stop();
    await rig.stop();
  }
}

interface Measured {
  last: number;
  cpu: number;
  renders: number;
}

/** React's HTML renderer as the hub's: it resolves to its stream, the hub takes a stream. */
function renderHtml(node: ReactNode): ReadableStream<Uint8Array> {
  const rendered = renderToReadableStream(node);
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const reader = (await rendered).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        controller.enqueue(value);
      }
      controller.close();
    },
  });
}

/**
 * WRITES writes to a view that n tabs watch, in one of the two models: `push`, the hub renders
 * once and sends the payload to every tab; `pull` (Next.js), the hub sends each tab a stale
 * notice and each tab POSTs for the render, which an action-like endpoint answers with
 * `hub.renderViews` and the same renderer (a framework's own per-request work comes on top).
 */
async function measure(
  app: ReturnType<typeof createReactiveBackend>,
  tabs: ReturnType<typeof tabProcess>,
  n: number,
  model: 'push' | 'pull',
): Promise<Measured> {
  const count = app.signal(`count-${model}-${n}`, 0);
  const name = `bench-count-${model}-${n}`;
  live(name, () => createElement('p', null, `count ${useReactive(count)}`));
  let renders = 0;
  const counted = (node: ReactNode) => {
    renders++;
    return renderHtml(node);
  };
  const hub = createReactiveHandler({
    backend: app.backend,
    views: model === 'push' ? { render: counted } : { pull: true },
  });
  const serve = toNodeListener(async (request) => {
    if (new URL(request.url).pathname !== '/pull') return hub(request);
    const answers = await hub.renderViews(await request.json(), request);
    return Response.json(
      await Promise.all(
        answers.map(async (answer) =>
          'error' in answer
            ? answer
            : { deps: answer.deps, body: await new Response(counted(answer.content)).text() },
        ),
      ),
    );
  });
  const server = createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const { token } = signView(name, {});
  const { version } = await count.read();
  await tabs.ask({
    type: 'open',
    url: `http://127.0.0.1:${port}/`,
    n,
    watch: { type: 'watch', view: token, deps: [{ key: count.key, version }] },
    ...(model === 'pull' ? { pull: { url: `http://127.0.0.1:${port}/pull`, token } } : {}),
  });
  await sleep(1_000);
  renders = 0;
  const timed = await timeWrites(
    tabs,
    () => count.version + 1,
    () => count.add(1),
  );
  server.closeAllConnections();
  server.close();
  hub.close();
  return { ...timed, renders: renders / WRITES };
}

/**
 * WRITES times `write`: the median time until every tab has the version it makes (`next()`,
 * asked before the write), and the median CPU this process spent meanwhile. Closes the tabs.
 */
async function timeWrites(
  tabs: ReturnType<typeof tabProcess>,
  next: () => number,
  write: (version: number) => unknown,
): Promise<{ last: number; cpu: number }> {
  const last: number[] = [];
  const cpu: number[] = [];
  for (let w = 0; w < WRITES; w++) {
    const version = next();
    const reached = tabs.ask({ type: 'expect', version });
    const before = process.cpuUsage();
    const started = performance.now();
    await write(version);
    await reached;
    last.push(performance.now() - started);
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
    await sleep(50);
  }
  await tabs.ask({ type: 'close' });
  return { last: median(last), cpu: median(cpu) };
}

/**
 * The floor under any hub, measured beside it: a ready-made SSE frame of the same shape written
 * to N plain Node responses (no actor, no render, no streams), read by the same tab process.
 * Each write is a TCP send whose kernel work on loopback includes the receiving side.
 */
async function rawFloor(tabs: ReturnType<typeof tabProcess>, n: number) {
  const responses: ServerResponse[] = [];
  const server = createServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, SSE_HEADERS);
      res.flushHeaders();
      responses.push(res);
    } else {
      req.resume();
      req.on('end', () => res.end('{}'));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await tabs.ask({ type: 'open', url: `http://127.0.0.1:${port}/`, n, watch: { type: 'watch' } });
  await sleep(500);
  let written = 0;
  const timed = await timeWrites(
    tabs,
    () => ++written,
    (version) => {
      const deps = [{ key: ['floor', 'count'], version }];
      const event = { view: 'floor', render: version, deps, payload: 'x'.repeat(100) };
      const frame = Buffer.from(`event: view\ndata: ${JSON.stringify(event)}\n\n`);
      for (const res of responses) res.write(frame);
    },
  );
  server.closeAllConnections();
  server.close();
  return timed;
}

const ANSWERS: Record<string, string> = { open: 'opened', expect: 'reached', close: 'closed' };

/** The tabs' own process (bench/tab-streams.ts), asked one thing at a time. */
function tabProcess() {
  const child = fork(fileURLToPath(new URL('./tab-streams.ts', import.meta.url)), {
    execArgv: [],
  });
  return {
    ask(command: { type: string; [field: string]: unknown }): Promise<void> {
      return new Promise((resolve, reject) => {
        const onMessage = (message: { type: string; message?: string }) => {
          if (message.type === 'failed') reject(new Error(`tabs: ${message.message}`));
          else if (message.type === ANSWERS[command.type]) resolve();
          else return;
          child.off('message', onMessage);
        };
        child.on('message', onMessage);
        child.send(command);
      });
    },
    stop: () => child.kill(),
  };
}
