import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Imports flow one way (shared/STYLE.md): everything may import `core/`; `core/` imports nothing
 * of ours but `errors.ts` and needs no Node built-in or React, since browsers run it; `client/`
 * never reaches `server/` or `rivet/`. This reads every import in src/ and actors/ and says
 * which one breaks that.
 */
const root = resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => join(dir, file));
}

/** `from '…'` of every import and re-export, type-only ones included. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b[^'";]*?from\s+'([^']+)'/gm)].map(
    (match) => match[1] as string,
  );
}

/** A relative import as a path from the repository root; a package name as it is. */
function target(file: string, specifier: string): string {
  return specifier.startsWith('.')
    ? relative(root, resolve(root, dirname(file), specifier))
    : specifier;
}

const files = [...sources('src'), ...sources('actors')];
const edges = files.flatMap((file) =>
  importsOf(file).map((to) => ({ from: file, to: target(file, to) })),
);

/** What each folder may import, besides itself. */
const allowed: [from: RegExp, may: (to: string) => boolean][] = [
  [
    /^src\/core\//,
    (to) =>
      to === 'src/errors.ts' ||
      ['@preact/signals-core', '@standard-schema/spec', 'superjson'].includes(to),
  ],
  [/^src\/errors\.ts$/, (to) => to.startsWith('src/core/')],
  [/^src\/index\.ts$/, (to) => to.startsWith('src/core/') || to === 'src/errors.ts'],
  [
    /^src\/client\//,
    (to) => to.startsWith('src/core/') || to === 'src/errors.ts' || to === 'react',
  ],
  [
    /^src\/server\//,
    // A live view names its boundary, a client component, as RSC client references are named.
    (to) =>
      !to.startsWith('src/rivet/') &&
      !to.startsWith('actors/') &&
      (!to.startsWith('src/client/') || to === 'src/client/live-boundary.ts'),
  ],
  [/^src\/rivet\//, (to) => !to.startsWith('src/server/') && !to.startsWith('src/client/')],
  [/^actors\//, (to) => to.startsWith('src/core/') || to === 'src/errors.ts' || to === 'rivetkit'],
];

const folder = (path: string) =>
  path
    .split('/')
    .slice(0, path.startsWith('src/') ? 2 : 1)
    .join('/');

describe('architecture: imports flow one way', () => {
  it('finds the imports it checks', () => {
    expect(files.length).toBeGreaterThan(30);
    expect(edges).toContainEqual({ from: 'src/rivet/rivet-backend.ts', to: 'src/core/key.ts' });
  });

  it('every import is one its folder may make', () => {
    const broken = edges.filter(({ from, to }) => {
      if (folder(from) === folder(to) && to.startsWith(folder(from))) return false;
      const rule = allowed.find(([pattern]) => pattern.test(from));
      return rule ? !rule[1](to) : false;
    });
    expect(broken.map(({ from, to }) => `${from} → ${to}`)).toEqual([]);
  });

  it('what a browser loads (reactive-rsc, reactive-rsc/client) reaches no Node built-in and no server code', () => {
    for (const entry of ['src/index.ts', 'src/client/index.ts']) {
      const seen = new Set<string>([entry]);
      const queue = [entry];
      while (queue.length > 0) {
        const file = queue.shift() as string;
        for (const { to } of edges.filter((edge) => edge.from === file)) {
          if (!seen.has(to)) {
            seen.add(to);
            if (to.startsWith('src/')) queue.push(to);
          }
        }
      }
      const reached = [...seen].filter(
        (path) => path.startsWith('node:') || /^src\/(server|rivet)\//.test(path),
      );
      expect(reached, entry).toEqual([]);
    }
  });
});
