/**
 * Kept files on two instances sharing PostgreSQL, as production runs: a recording uploaded
 * through one instance is served, whole and by range, through the other, from the database; the
 * last document's deletion on either removes it (once past the grace period of fresh files).
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../shared/interchange/api.ts';
import type { Project } from '../../shared/schemas.ts';
import { makeWav } from '../helpers/media.ts';
import { createAdminToken, startScaleInstance, type ScaleInstance } from '../helpers/scaleServer.ts';
import {
  createTestSchema,
  skipWithout,
  TEST_DATABASE_URL,
  uniqueName,
  type TestSchema,
} from '../helpers/services.ts';

describe.skipIf(skipWithout('kept files across instances', { database: true }))(
  'kept files on two instances',
  () => {
    let schema: TestSchema;
    let instances: ScaleInstance[] = [];
    let token = '';

    beforeEach(async () => {
      schema = await createTestSchema(TEST_DATABASE_URL!);
      const prefix = `${uniqueName('concord-test-')}:`;
      for (const n of [0, 1]) {
        const instance = await startScaleInstance({
          databaseUrl: TEST_DATABASE_URL!,
          schema: schema.name,
          channelPrefix: prefix,
          instanceId: `kept-${n}`,
          token: () => token,
        });
        instances.push(instance);
        if (!token) token = await createAdminToken(instance.app);
      }
    });
    afterEach(async () => {
      await Promise.all(instances.map((i) => i.close()));
      instances = [];
      token = '';
      await schema.drop();
    });

    it(
      'serves through one instance what was uploaded through the other, across 1 MiB rows',
      { timeout: 60_000 },
      async () => {
        const [first, second] = instances as [ScaleInstance, ScaleInstance];
        const project = (await first.api<Project>('POST', '/api/projects', { name: 'Shared' })).body;
        // 2.4 MiB: three rows in blob_chunks.
        const wav = makeWav({ seconds: 150, sampleRate: 8000 });
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(wav)]), 'long interview.wav');
        form.append('file', new Blob(['A: It was a long day.']), 'long interview.txt');
        const res = await fetch(`${first.http}/api/projects/${project.id}/documents/import`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
          body: form,
        });
        expect(res.status).toBe(201);
        const id = ((await res.json()) as ImportSummary).documents[0]!.id;
        const path = `${second.http}/api/projects/${project.id}/documents/${id}/file`;
        const get = (range?: string) =>
          fetch(path, { headers: { authorization: `Bearer ${token}`, ...(range ? { range } : {}) } });
        const whole = await get();
        expect(whole.status).toBe(200);
        expect(whole.headers.get('etag')).toBe(`"${createHash('sha256').update(wav).digest('hex')}"`);
        expect(Buffer.from(await whole.arrayBuffer()).equals(wav)).toBe(true);
        const MiB = 1024 * 1024;
        const part = await get(`bytes=${MiB - 100}-${2 * MiB + 99}`);
        expect(part.status).toBe(206);
        expect(part.headers.get('content-range')).toBe(`bytes ${MiB - 100}-${2 * MiB + 99}/${wav.length}`);
        expect(Buffer.from(await part.arrayBuffer()).equals(wav.subarray(MiB - 100, 2 * MiB + 100))).toBe(
          true,
        );

        // Kept for longer than the grace period, it goes at once with its last document.
        const db = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await db.connect();
        try {
          await db.query(`update ${schema.name}.blobs set stored_at = $1`, [
            new Date(Date.now() - 2 * 3600_000).toISOString(),
          ]);
        } finally {
          await db.end();
        }
        expect((await second.api('DELETE', `/api/projects/${project.id}/documents/${id}`)).status).toBe(204);
        expect(await first.app.services.blobs.list()).toEqual([]);
      },
    );
  },
);
