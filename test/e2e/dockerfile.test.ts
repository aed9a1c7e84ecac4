// examples/app/Dockerfile without Docker (this machine has none): its instructions read as
// hadolint reads them, then carried out as `docker build` and `docker run` would, in a fresh
// shell (clean-shell.ts) with a temporary folder standing for the image's file system. What this
// cannot show: that the base image pulls, that `npm install` succeeds inside it, and that the
// app runs as USER node (here it runs as whoever runs the tests).
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect } from 'vitest';
import { type CleanShell, cleanShell, repoDir } from '../fixtures/clean-shell.ts';
import { freePort } from '../fixtures/ports.ts';
import { engineTest as test } from '../fixtures/test.ts';

interface Instruction {
  keyword: string;
  args: string;
}

/** The instructions in order: continuation lines joined, comments and blank lines dropped. */
function parseDockerfile(text: string): Instruction[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
      return { keyword: keyword.toUpperCase(), args };
    });
}

/** `KEY=value …` of an ENV or ARG line, `$NAME` and `${NAME}` taken from `vars`. */
function assignments(args: string, vars: Record<string, string>): [string, string | undefined][] {
  return [...args.matchAll(/(\w+)(?:=("[^"]*"|\S*))?/g)].map(([, key, value]) => [
    key!,
    value
      ?.replace(/^"(.*)"$/, '$1')
      .replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => vars[a ?? b] ?? ''),
  ]);
}

/** The ARG and ENV values as the build goes: `env` is what `docker run` gives the process. */
function variables(buildArgs: Record<string, string>) {
  const args: Record<string, string> = {};
  const env: Record<string, string> = {};
  return {
    env,
    /** What a RUN sees. */
    forRun: () => ({ ...args, ...env }),
    take({ keyword, args: line }: Instruction) {
      if (keyword !== 'ARG' && keyword !== 'ENV') return;
      for (const [key, value] of assignments(line, { ...args, ...env })) {
        if (keyword === 'ARG') args[key] = buildArgs[key] ?? value ?? '';
        else env[key] = value ?? '';
      }
    },
  };
}

function imageEnv(instructions: Instruction[], buildArgs: Record<string, string>) {
  const vars = variables(buildArgs);
  for (const instruction of instructions) vars.take(instruction);
  return vars.env;
}

// The node:22 image's PATH, with this repository's Node 22 standing for its /usr/local/bin/node
// (the machine's own node is older).
const imagePath = `${dirname(process.execPath)}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;
const quote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;

/**
 * `docker build` in `root` (the image's /): WORKDIR, COPY from the repository (the build
 * context) and RUN in a fresh shell with the ARG and ENV values so far. Returns the WORKDIR.
 */
async function build(
  instructions: Instruction[],
  root: string,
  shell: CleanShell,
  buildArgs: Record<string, string>,
): Promise<string> {
  let workdir = root;
  const vars = variables(buildArgs);
  for (const instruction of instructions) {
    const { keyword, args } = instruction;
    vars.take(instruction);
    if (keyword === 'WORKDIR') {
      workdir = join(root, args);
      await mkdir(workdir, { recursive: true });
    } else if (keyword === 'COPY') {
      const sources = args.split(/\s+/);
      const dest = sources.pop()!;
      if (sources.some((path) => path.startsWith('--'))) throw new Error(`COPY ${args}: a flag`);
      const target = join(workdir, dest);
      const intoFolder = sources.length > 1 || dest.endsWith('/');
      for (const source of sources) {
        // As Docker copies: a folder's contents into the target, a file into it if it is a folder.
        const from = join(repoDir, source);
        const isFile = (await stat(from)).isFile();
        await cp(from, isFile && intoFolder ? join(target, basename(from)) : target, {
          recursive: true,
        });
      }
    } else if (keyword === 'RUN' && /^npm install\b/.test(args)) {
      // Already done in this repository, which the suite runs from (a fresh install takes
      // minutes): the image's node_modules is the repository's own.
      await symlink(join(repoDir, 'node_modules'), join(workdir, 'node_modules'));
    } else if (keyword === 'RUN') {
      const run = shell.start(`cd ${quote(workdir)} && ${args}`, {
        ...vars.forRun(),
        PATH: imagePath,
      });
      expect(await run.exited, `RUN ${args}\n${run.output()}`).toBe(0);
    }
  }
  return workdir;
}

/** A CMD's argv if it is in exec form (a JSON array of strings). */
function execForm(args = ''): string[] | undefined {
  try {
    const argv: unknown = JSON.parse(args);
    const strings = Array.isArray(argv) && argv.every((arg) => typeof arg === 'string');
    return strings ? argv : undefined;
  } catch {
    return undefined;
  }
}

/** Files under `dir`, node_modules left out. */
async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((path) => !path.startsWith('node_modules')).sort();
}

describe('examples/app/Dockerfile, without Docker', () => {
  const buildArgs = { RIVET_ENVOY_VERSION: '7' };
  let instructions: Instruction[];
  let env: Record<string, string>;
  let cmd: string[] | undefined;
  let shell: CleanShell;
  let root: string;
  let workdir: string;

  test.beforeAll(async () => {
    instructions = parseDockerfile(
      await readFile(join(repoDir, 'examples/app/Dockerfile'), 'utf8'),
    );
    env = imageEnv(instructions, buildArgs);
    cmd = execForm(instructions.findLast((i) => i.keyword === 'CMD')?.args);
    shell = await cleanShell();
    root = await mkdtemp(join(tmpdir(), 'reactive-rsc-image-'));
    workdir = await build(instructions, root, shell, buildArgs);
  }, 60_000);
  test.afterAll(async () => {
    await shell?.dispose();
    await rm(root, { recursive: true, force: true });
  });

  /** The CMD as `docker run -e …` starts it: exec form, no shell between it and SIGTERM. */
  const run = (extra: Record<string, string>) =>
    shell.start(`cd ${quote(workdir)} && exec ${(cmd ?? []).map(quote).join(' ')}`, {
      ...env,
      PATH: imagePath,
      ...extra,
    });

  test('passes what hadolint checks, and bakes in no engine', async () => {
    const all = (keyword: string) => instructions.filter((i) => i.keyword === keyword);
    const index = (keyword: string, pattern: RegExp) =>
      instructions.findIndex((i) => i.keyword === keyword && pattern.test(i.args));

    // DL3006/DL3007: a base image with an explicit tag, not latest; its Node is the repo's.
    expect(all('FROM')).toHaveLength(1);
    const from = /^(?<image>[^:@\s]+):(?<tag>\w[\w.-]*)(@sha256:[0-9a-f]{64})?$/.exec(
      all('FROM')[0]!.args,
    )?.groups;
    expect(from?.image).toBe('node');
    expect(from?.tag).not.toBe('latest');
    const pkg = JSON.parse(await readFile(join(repoDir, 'package.json'), 'utf8'));
    expect(from?.tag?.split(/[.-]/)[0]).toBe(pkg.devDependencies.node.split('.')[0]);
    // DL3020: COPY, not ADD. DL3000: an absolute WORKDIR.
    expect(all('ADD')).toEqual([]);
    expect(all('WORKDIR').every((i) => i.args.startsWith('/'))).toBe(true);
    // DL3025: CMD in exec form, node itself (npm or a shell would swallow SIGTERM).
    expect(cmd?.[0]).toBe('node');

    // The build arg reaches the runner's environment, so every build can carry its version.
    const arg = index('ARG', /^RIVET_ENVOY_VERSION\b/);
    expect(arg).toBeGreaterThanOrEqual(0);
    expect(index('ENV', /RIVET_ENVOY_VERSION=\$\{?RIVET_ENVOY_VERSION\b/)).toBeGreaterThan(arg);
    expect(env.RIVET_ENVOY_VERSION).toBe(buildArgs.RIVET_ENVOY_VERSION);
    // The engine is named at run time: nothing of it, nor a token, is baked in.
    const baked = all('ENV')
      .concat(all('ARG'))
      .flatMap((i) => assignments(i.args, {}).map(([key]) => key));
    expect(baked.filter((key) => /^RIVET_(ENDPOINT|TOKEN|NAMESPACE)$/.test(key))).toEqual([]);
    expect(env).toMatchObject({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      RIVET_RUN_SERVICES: '0',
    });
    // NODE_ENV=production comes after the install, which would otherwise leave out the dev
    // dependencies the build needs.
    expect(index('ENV', /\bNODE_ENV=production\b/)).toBeGreaterThan(index('RUN', /^npm install/));
    expect(all('EXPOSE').map((i) => i.args)).toEqual([env.PORT]);
  });

  test('the build stops without a whole-number RIVET_ENVOY_VERSION', async () => {
    const check = instructions.find(
      (i) => i.keyword === 'RUN' && i.args.includes('RIVET_ENVOY_VERSION'),
    )!;
    for (const version of ['', 'v2']) {
      const refused = shell.start(check.args, { RIVET_ENVOY_VERSION: version, PATH: imagePath });
      expect(await refused.exited).not.toBe(0);
      expect(refused.output()).toMatch(/--build-arg RIVET_ENVOY_VERSION=/);
    }
  });

  test('run with RIVET_ENDPOINT, it serves the page as a runner of that engine, at the version it was built with, with no engine of its own', async ({
    engine,
  }) => {
    const before = await filesIn(workdir);
    const port = await freePort();
    const app = run({ RIVET_ENDPOINT: engine.endpoint, PORT: String(port) });
    await app.waitFor(/example app on/, 30_000);

    const response = await fetch(`http://127.0.0.1:${port}/`, {
      signal: AbortSignal.timeout(20_000),
    });
    expect(response.status, app.output()).toBe(200);
    const page = await response.text();
    expect(page).toContain('<title>reactive-rsc</title>');
    expect(page).toContain('data-testid="count"');

    const { envoys } = (await (
      await fetch(`${engine.endpoint}/envoys?namespace=default`)
    ).json()) as { envoys: { version: number }[] };
    expect(envoys.map((e) => e.version)).toEqual([Number(buildArgs.RIVET_ENVOY_VERSION)]);
    expect(await shell.embeddedEngineRunning()).toBe(false);

    // `docker stop`: SIGTERM to the CMD's process, which drains the runner and exits.
    app.child.kill('SIGTERM');
    expect(await app.exited, app.output()).toBe(0);
    // Nothing written under WORKDIR: the image can run it as a user that cannot write there.
    expect(await filesIn(workdir)).toEqual(before);
  }, 60_000);

  test('run without RIVET_ENDPOINT, it stops at once and says to set it', async () => {
    const started = Date.now();
    const app = run({ PORT: String(await freePort()) });
    await app.waitFor(/Set RIVET_ENDPOINT/, 20_000);
    expect(await app.exited).not.toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(app.output()).not.toMatch(/example app on/);
    expect(await shell.embeddedEngineRunning()).toBe(false);
  }, 30_000);
});

describe('examples/multi-server/Dockerfile', () => {
  test("passes RIVET_ENVOY_VERSION from the build on to the runner, 1 (RivetKit's own default) if not given", async () => {
    const instructions = parseDockerfile(
      await readFile(join(repoDir, 'examples/multi-server/Dockerfile'), 'utf8'),
    );
    expect(imageEnv(instructions, { RIVET_ENVOY_VERSION: '7' }).RIVET_ENVOY_VERSION).toBe('7');
    expect(imageEnv(instructions, {}).RIVET_ENVOY_VERSION).toBe('1');
  });
});
