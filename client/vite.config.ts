/**
 * Builds the web client into `client/dist`, which the server serves at `/`. In development,
 * `npx vite client --config client/vite.config.ts` serves it with the API and sync proxied to a
 * server on port 8080 (add the dev origin to `ALLOWED_ORIGINS` if it differs from the page's host).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

const backend = process.env.CONCORD_BACKEND ?? 'http://localhost:8080';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative URLs would break on deep links like /projects/x/documents/y: the app lives at the root.
  base: '/',
  plugins: [
    // Brotli and gzip copies next to each asset, made once at build time, so the server sends
    // compressed bytes without compressing on every request (the bundle is ~630 KB, ~190 KB gzipped).
    compression({ algorithms: ['brotliCompress', 'gzip'], exclude: [/\.map$/], deleteOriginalAssets: false }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // CodeMirror, Yjs and Lit together are a little over the default warning threshold.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: {
      '/api': backend,
      '/sync': { target: backend.replace(/^http/, 'ws'), ws: true },
    },
  },
});
