import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

// reactive-rsc from this repository's sources (its deps, rivetkit included, from the repo's
// node_modules), as examples/waku does with Vite: Turbopack resolves only under its root, so the
// root is the repository's.
const repo = fileURLToPath(new URL('../..', import.meta.url));
// Aliases are resolved from this directory (an absolute path would be taken as under it).
const source = (entry: string) => `../../src/${entry}`;

const config: NextConfig = {
  turbopack: {
    root: repo,
    resolveAlias: {
      'reactive-rsc': source('index.ts'),
      'reactive-rsc/server': source('server/index.ts'),
      'reactive-rsc/client': source('client/index.ts'),
      'reactive-rsc/rivet': source('rivet/index.ts'),
    },
  },
  // RivetKit (a native addon, the engine binary) loads through Node's module cache: one copy
  // per process. reactive-rsc itself stays bundled, so that its `'use client'` LiveBoundary is a
  // client reference and its `react` is Next's.
  serverExternalPackages: ['rivetkit'],
};

export default config;
