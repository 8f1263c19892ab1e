/**
 * Serves the built web client (`client/dist`): hashed assets cached for good, and `index.html`
 * for every other page path so deep links work (the client routes with the history API). The
 * build writes Brotli and gzip copies beside each asset (`client/vite.config.ts`); they are sent
 * with `content-encoding` to browsers that accept them, so nothing is compressed per request.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import expressStaticGzip from 'express-static-gzip';

/** Where `npm run build` puts the client. */
export const DEFAULT_CLIENT_DIR = fileURLToPath(new URL('../../client/dist/', import.meta.url));

/** Paths that belong to the server, never to the page router. */
const SERVER_PATHS = /^\/(api|sync|healthz|readyz|metrics)(\/|$)/;

export function webClient(dir: string = DEFAULT_CLIENT_DIR): Router {
  const router = Router();
  const index = join(dir, 'index.html');
  // Vite names assets by content hash, so a cached copy can never be stale.
  router.use(
    '/assets',
    expressStaticGzip(join(dir, 'assets'), {
      enableBrotli: true,
      // Brotli is smaller than gzip for the same bundle; both are ready-made.
      orderPreference: ['br', 'gzip'],
      index: false,
      serveStatic: { immutable: true, maxAge: '1y', index: false },
    }),
  );
  router.use(express.static(dir, { index: false, dotfiles: 'ignore' }));
  router.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATHS.test(req.path)) return next();
    if (req.path.startsWith('/assets/')) return next();
    if (!existsSync(index)) {
      res
        .status(503)
        .type('text/plain')
        .send('The web client is not built yet: run `npm run build` (npm start does it for you).');
      return;
    }
    // The page itself must be revalidated, or a new release would load old asset names.
    res.set('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
