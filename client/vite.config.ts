/**
 * Builds the web client into `client/dist`, which the server serves at `/`. In development,
 * `npx vite client --config client/vite.config.ts` serves it with the API and sync proxied to a
 * server on port 8080 (add the dev origin to `ALLOWED_ORIGINS` if it differs from the page's host).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';

/** Server paths the page router (and so the service worker's page fallback) must never answer. */
const SERVER_PATHS = /^\/(api|sync|healthz|readyz|metrics)(\/|$)/;

const backend = process.env.CONCORD_BACKEND ?? 'http://localhost:8080';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative URLs would break on deep links like /projects/x/documents/y: the app lives at the root.
  base: '/',
  plugins: [
    // Brotli and gzip copies next to each asset, made once at build time, so the server sends
    // compressed bytes without compressing on every request (the bundle is ~630 KB, ~190 KB gzipped).
    compression({ algorithms: ['brotliCompress', 'gzip'], exclude: [/\.map$/], deleteOriginalAssets: false }),
    // A service worker keeps the app shell, so a tab opened without a network still starts and
    // shows the rooms kept in IndexedDB. A new version waits until the user reloads (the app
    // announces it); it never takes over a page in the middle of an edit.
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [SERVER_PATHS],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        runtimeCaching: [
          {
            // Answers the pages read (who is signed in, projects, documents), from the network
            // whenever it answers, from the last answer when it does not. Live streams and
            // downloads are never kept, nor kept files (PDFs, recordings: up to MAX_MEDIA_BYTES,
            // read in ranges, whose partial answers a cache cannot hold). The cache is deleted on
            // sign-out.
            urlPattern: ({ url, request }) =>
              request.method === 'GET' &&
              url.pathname.startsWith('/api/') &&
              !url.pathname.endsWith('/events') &&
              !url.pathname.endsWith('/file') &&
              !url.pathname.includes('/export'),
            handler: 'NetworkFirst',
            options: { cacheName: 'concord-api', expiration: { maxEntries: 500 } },
          },
        ],
      },
    }),
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
