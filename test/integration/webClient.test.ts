/** The server serves the built web client at `/`, with deep links and a policy that lets it run. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuild } from '../../client/ensureBuild.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;

beforeAll(async () => {
  await ensureClientBuild();
  server = await startServer();
}, 120_000);
afterAll(async () => {
  await server.destroy();
});

describe('web client', () => {
  it('serves index.html for page paths, never for server paths', async () => {
    for (const path of ['/', '/login', '/projects/abc/documents/def?range=1-2']) {
      const res = await fetch(`${server.http}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<cc-app>');
    }
    const api = await server.api('GET', '/api/nothing-here');
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/json/);
    expect((await fetch(`${server.http}/healthz`)).headers.get('content-type')).toMatch(/json/);
    expect((await fetch(`${server.http}/api/projects`, { method: 'POST' })).status).toBe(401);
  });

  it('caches hashed assets for good and sends a content security policy', async () => {
    const html = await (await fetch(`${server.http}/`)).text();
    const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${server.http}${script!}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    expect((await fetch(`${server.http}/assets/missing.js`)).status).toBe(404);

    const csp = (await fetch(`${server.http}/`)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('says how to build the client when it is missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'concord-noclient-'));
    const bare = await startServer({ clientDir: empty });
    try {
      const res = await fetch(`${bare.http}/projects/x`);
      expect(res.status).toBe(503);
      expect(await res.text()).toMatch(/npm run build/);
    } finally {
      await bare.destroy();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
