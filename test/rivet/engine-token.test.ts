// An engine that wants a token (`auth.admin_token` in its config, as Rivet cloud does): a
// runner with the right one works; without one or with a wrong one, `ready()` fails at once
// with a typed error that says which.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine, startEngine } from '../fixtures/engine.ts';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../fixtures/ready-process.ts', import.meta.url));

let engine: Engine;
beforeAll(async () => {
  engine = await startEngine({ extra: { auth: { admin_token: 'engine-secret' } } });
}, 60_000);
afterAll(() => engine?.stop());

async function readyWith(endpoint: string, token: string | undefined) {
  const { RIVET_TOKEN: _, ...env } = process.env;
  const { stdout } = await run(process.execPath, ['--conditions=reactive-rsc:source', script], {
    env: {
      ...env,
      ENGINE_ENDPOINT: endpoint,
      RUST_LOG: 'error',
      ...(token ? { RIVET_TOKEN: token } : {}),
    },
    timeout: 30_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) as string);
}

describe('a token-protected engine', () => {
  it('takes the right token, and says whether a refused one was missing or wrong', async () => {
    const [right, none, wrong] = await Promise.all([
      readyWith(engine.endpoint, 'engine-secret'),
      readyWith(engine.endpoint, undefined),
      readyWith(engine.endpoint, 'not-the-secret'),
    ]);
    expect(right).toEqual({ ok: true, value: 1 });
    for (const refused of [none, wrong]) {
      expect(refused).toMatchObject({ ok: false, name: 'BackendUnavailableError' });
      expect(refused.code).toBe('BACKEND_UNAVAILABLE');
      expect(refused.ms).toBeLessThan(10_000); // within the call timeout
    }
    expect(none.message).toMatch(/wants a token and none is set .*set RIVET_TOKEN/);
    expect(wrong.message).toMatch(
      /refused this process's token \(.*Invalid token\).*set RIVET_TOKEN/,
    );
  }, 60_000);
});
