import { fileURLToPath } from 'node:url';
import { defineConfig } from 'waku/config';

// reactive-rsc from this repository's sources (its deps, rivetkit included, from the repo's
// node_modules); React from this example's, once.
const repo = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  vite: {
    resolve: {
      alias: [
        { find: /^reactive-rsc$/, replacement: `${repo}src/index.ts` },
        { find: /^reactive-rsc\/(server|client|rivet)$/, replacement: `${repo}src/$1/index.ts` },
      ],
      dedupe: ['react', 'react-dom', 'react-server-dom-webpack'],
    },
    environments: { rsc: { resolve: { external: ['rivetkit'] } } },
    server: {
      fs: { allow: [repo] },
      watch: { ignored: ['**/.rivetkit/**', '**/dist/**'] },
    },
  },
});
