import { spawn } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { newNativeSocketsTo, type OwnSocket, procEndpoint, stillOpen } from './proc-sockets.ts';

/**
 * RivetKit 2.3.19 opens the runner's WebSocket to the engine (`/envoys/connect`) in native code
 * (`@rivetkit/rivetkit-napi`, tokio-tungstenite with `disable_nagle = false`), so that one
 * socket runs with Nagle's algorithm: an action that broadcasts sends two small frames and the
 * second waits for the engine's delayed ACK, ~40 ms on every write → event. Every socket Node
 * opens already has TCP_NODELAY. This module sets it on the native one (docs/upstream/nagle.md).
 *
 * How, without touching what the native code owns: the socket is found through `/proc` (an
 * ESTABLISHED TCP socket to the engine, registered edge-triggered in an epoll instance, which
 * tokio does and libuv does not); a short-lived child process inherits a *duplicate* of its
 * descriptor, checks it is still that socket, opens it as a bare libuv TCP handle (never read,
 * written or shut down) and sets TCP_NODELAY, a property of the socket, not of the descriptor.
 * The child's exit closes only its duplicate. This process never wraps the descriptor: a
 * `net.Socket` on it could start reading, shut the socket down on `end()` (a FIN the engine
 * sees), or close a descriptor number the native code has since reused.
 *
 * Invariant: a failure here never affects the runner; the socket keeps Nagle on and the problem
 * is logged once.
 */

/** How often the watch checks that the socket it fixed is still there (one readlink). */
const TICK_MS = 1_000;
/** While the socket is missing: a scan (~2 ms of CPU with 200 descriptors) every tick for a
 * minute, then every `SLOW_SCAN_TICKS` ticks, so a long engine outage costs next to nothing. */
const FAST_SCAN_MS = 60_000;
const SLOW_SCAN_TICKS = 10;
/** After this long without finding the socket, say so once (it may still turn up later). */
const REPORT_MISSING_AFTER_MS = 10_000;
const CHILD_TIMEOUT_MS = 10_000;

/**
 * Runs in the child: descriptor `3 + i` is a duplicate of socket `argv[i]`; anything else (the
 * parent's descriptor was reused between its scan and the spawn) is left alone.
 */
const CHILD = `
const { readlinkSync } = require('node:fs');
const { TCP, constants } = process.binding('tcp_wrap');
const handles = [];
const out = process.argv.slice(1).map((inode, i) => {
  const fd = 3 + i;
  let link = '';
  try { link = readlinkSync('/proc/self/fd/' + fd); } catch {}
  if (link !== 'socket:[' + inode + ']') return 'gone';
  const handle = new TCP(constants.SOCKET);
  handles.push(handle); // never closed, read or shut down; the exit drops the duplicate
  const err = handle.open(fd) || handle.setNoDelay(true);
  return err ? 'error ' + err : 'ok';
});
process.stdout.write(JSON.stringify(out));
`;

export interface RunnerNoDelayStatus {
  /** Sockets set to TCP_NODELAY so far (one per (re)connect of the runner, normally). */
  readonly applied: number;
  /** The native socket currently fixed, if any. */
  readonly current: readonly OwnSocket[];
}

interface Watch extends RunnerNoDelayStatus {
  applied: number;
  current: OwnSocket[];
}

const watches = new Map<string, Watch>();
let logged = false;

function logOnce(message: string): void {
  if (logged) return;
  logged = true;
  console.warn(`reactive-rsc: runnerNoDelay: ${message}`);
}

/** Sets TCP_NODELAY on each socket, in a child that holds duplicates of their descriptors. */
function setNoDelayInChild(sockets: OwnSocket[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--no-warnings', '-e', CHILD, ...sockets.map((s) => s.inode)],
      {
        stdio: ['ignore', 'pipe', 'pipe', ...sockets.map((s) => s.fd)],
        env: {} as NodeJS.ProcessEnv,
        timeout: CHILD_TIMEOUT_MS,
      },
    );
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk;
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      try {
        if (code !== 0) throw new Error(`exit ${code ?? signal}: ${err.trim()}`);
        resolve(JSON.parse(out) as string[]);
      } catch (error) {
        reject(error);
      }
    });
  });
}

async function addresses(hostname: string): Promise<string[]> {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return [host];
  return (await lookup(host, { all: true })).map((a) => a.address);
}

/**
 * Keeps TCP_NODELAY on this process's runner socket to the engine at `endpoint`: now (call it
 * after `registry.startAndWait()`) and after every reconnect, which a cheap watch notices: one
 * readlink per second (~10 µs) while the socket is there; while it is not, a scan of
 * `/proc/self/fd` (~2 ms with 200 descriptors) every second for a minute, then every 10 s. The
 * system-wide TCP table (~20 ms) is read only when a new native socket has appeared.
 * Idempotent per endpoint. Linux only; elsewhere it logs once and does nothing.
 */
export function keepRunnerNoDelay(endpoint: string): RunnerNoDelayStatus {
  const existing = watches.get(endpoint);
  if (existing) return existing;
  const watch: Watch = { applied: 0, current: [] };
  watches.set(endpoint, watch);
  if (process.platform !== 'linux') {
    logOnce(`not available on ${process.platform}; write → event may take ~40 ms longer`);
    return watch;
  }

  let target: ReturnType<typeof procEndpoint> | undefined;
  let scanning = true;
  let missingSince = Date.now();
  let busy = false;
  let ticks = 0;
  /** Native sockets already looked at: fixed, or not to the engine. */
  const seen = new Set<string>();
  const timer = setInterval(() => void tick(), TICK_MS);
  timer.unref();
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      if (!target) {
        const url = new URL(endpoint);
        const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
        target = procEndpoint(await addresses(url.hostname), port);
      }
      if (!scanning) {
        const open = watch.current.map(stillOpen);
        if (open.every(Boolean)) return;
        watch.current = watch.current.filter((_, i) => open[i]);
        scanning = true; // the runner reconnects: look for its new socket
        missingSince = Date.now();
      }
      ticks++;
      if (Date.now() - missingSince > FAST_SCAN_MS && ticks % SLOW_SCAN_TICKS !== 0) return;
      const found = newNativeSocketsTo(target, seen);
      if (found.length === 0) {
        if (Date.now() - missingSince > REPORT_MISSING_AFTER_MS && watch.applied === 0) {
          logOnce(`found no native socket to ${endpoint}; leaving Nagle on (~40 ms per event)`);
        }
        return;
      }
      const results = await setNoDelayInChild(found);
      const fixed = found.filter((_, i) => results[i] === 'ok');
      const failed = results.filter((r) => r !== 'ok' && r !== 'gone');
      if (failed.length > 0) throw new Error(failed.join(', '));
      watch.current.push(...fixed);
      watch.applied += fixed.length;
      if (fixed.length > 0) scanning = false;
    } catch (error) {
      // Something here does not work as measured on 2.3.19: stop trying rather than retry forever.
      clearInterval(timer);
      logOnce(`gave up (${error instanceof Error ? error.message : error}); Nagle stays on`);
    } finally {
      busy = false;
    }
  };
  void tick();
  return watch;
}
