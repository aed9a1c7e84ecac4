import react from '@vitejs/plugin-react';
import rsc from '@vitejs/plugin-rsc';
import { defineConfig } from 'vite';

// The example app: React Server Components through @vitejs/plugin-rsc, with live views pushed
// over the tab's one connection to the hub (mounted at /_reactive by the rsc entry).
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), rsc()],
  server: {
    watch: {
      // Files the app writes while it runs are data, not code: a change there must not reload.
      ignored: [
        '**/.rivetkit/**',
        '**/dist/**',
        ...(process.env.RIVETKIT_STORAGE_PATH ? [`${process.env.RIVETKIT_STORAGE_PATH}/**`] : []),
      ],
    },
  },
  resolve: { conditions: ['reactive-rsc:source'] },
  environments: {
    rsc: {
      resolve: { conditions: ['reactive-rsc:source'], external: ['rivetkit'] },
      build: { rollupOptions: { input: { index: './src/framework/entry.rsc.tsx' } } },
    },
    ssr: {
      resolve: { conditions: ['reactive-rsc:source'] },
      build: { rollupOptions: { input: { index: './src/framework/entry.ssr.tsx' } } },
    },
    client: {
      resolve: { conditions: ['reactive-rsc:source'] },
      build: { rollupOptions: { input: { index: './src/framework/entry.browser.tsx' } } },
    },
  },
});
