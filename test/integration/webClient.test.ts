/** The server serves the built web client at `/`, with deep links and a policy that lets it run. */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
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

  it('sends the bundle precompressed with Brotli or gzip, as the browser accepts', async () => {
    const html = await (await fetch(`${server.http}/`)).text();
    const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const plain = await raw(`${server.http}${script!}`, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(100_000);

    const br = await raw(`${server.http}${script!}`, 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toMatch(/accept-encoding/i);
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toMatch(/immutable/);
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);

    const gz = await raw(`${server.http}${script!}`, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['cache-control']).toMatch(/max-age=31536000/);
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
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

/** A GET with a chosen Accept-Encoding, body left as sent (fetch would decompress it). */
function raw(
  url: string,
  acceptEncoding: string,
): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
