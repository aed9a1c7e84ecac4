import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { engineEnv, enginePath } from '../fixtures/engine.ts';

// The engine silently falls back to its default database when a variant's body is malformed,
// so the exit code proves nothing: read back what it parsed.
const show = (file: string) =>
  execFileSync(enginePath, ['--config', file, 'config', 'show'], {
    encoding: 'utf8',
    env: engineEnv(),
    stdio: ['ignore', 'pipe', 'ignore'],
  });

describe('rivet.json, the engine config for self-hosting', () => {
  it('parses as file-system storage with every listener on 127.0.0.1', () => {
    const parsed = show('rivet.json');
    expect(parsed).toMatch(
      /database: Some\(\s*FileSystem\(\s*FileSystem \{\s*path: "\.rivetkit\/engine\/db"/,
    );
    for (const listener of ['Guard', 'ApiPeer', 'Metrics']) {
      expect(parsed).toMatch(new RegExp(`${listener} \\{\\s*host: Some\\(\\s*127\\.0\\.0\\.1,`));
    }
    expect(parsed).toMatch(/envoy_lost_threshold: Some\(\s*7000/);
    expect(parsed).toMatch(/telemetry: Telemetry \{\s*enabled: false/);
  });

  it('has a Postgres variant that parses as Postgres', () => {
    expect(show('rivet.postgres.json')).toMatch(/database: Some\(\s*Postgres\(/);
  });
});
