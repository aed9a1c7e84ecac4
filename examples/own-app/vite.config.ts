import rsc from '@vitejs/plugin-rsc';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    rsc({
      entries: {
        rsc: './src/entry.rsc.tsx',
        ssr: './src/entry.ssr.tsx',
        client: './src/entry.browser.tsx',
      },
    }),
  ],
  // Files the embedded engine writes are data, not code: no reload when they change.
  server: { watch: { ignored: ['**/.rivetkit/**', '**/dist/**'] } },
  // RivetKit loads native code: the server build imports it from node_modules.
  environments: { rsc: { resolve: { external: ['rivetkit'] } } },
});
