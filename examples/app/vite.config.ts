import react from '@vitejs/plugin-react';
import rsc from '@vitejs/plugin-rsc';
import { defineConfig } from 'vite';

// The example app: React Server Components through @vitejs/plugin-rsc, with live views pushed
// over the tab's one connection to the hub (mounted at /_reactive by the rsc entry).
export default defineConfig(({ command }) => ({
  root: import.meta.dirname,
  plugins: [react(), rsc()],
  // The server bundles carry React, which picks its build by NODE_ENV when the server starts.
  // A build fixes it to what the client bundle and the JSX transform got (Vite makes that
  // 'production' unless NODE_ENV says otherwise): a server started without NODE_ENV would
  // otherwise run React's development build, whose RSC payloads a production client refuses
  // (React error #504), and the page would never go live.
  define:
    command === 'build'
      ? { 'process.env.NODE_ENV': JSON.stringify(process.env.NODE_ENV || 'production') }
      : {},
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
}));
