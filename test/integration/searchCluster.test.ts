/**
 * Search on two instances sharing PostgreSQL (and Redis): the index is in the shared database,
 * so an edit made through one instance is indexed by it and found through the other.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentText } from '../../shared/model/text.ts';
import { roomName } from '../../shared/protocol.ts';
import type { Document, Project } from '../../shared/schemas.ts';
import type { SearchResult } from '../../shared/search/schemas.ts';
import { openPostgresStorage } from '../../server/storage/postgres.ts';
import { closeAll, connect, synced, type Client } from '../helpers/clients.ts';
import { createAdminToken, startScaleInstance, type ScaleInstance } from '../helpers/scaleServer.ts';
import {
  createTestSchema,
  skipWithout,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  uniqueName,
  type TestSchema,
} from '../helpers/services.ts';

describe.skipIf(skipWithout('search across instances', { database: true, redis: true }))(
  'search on two instances',
  () => {
    let schema: TestSchema;
    let instances: ScaleInstance[] = [];
    let clients: Client[] = [];
    let token = '';

    beforeEach(async () => {
      schema = await createTestSchema(TEST_DATABASE_URL!);
      const prefix = `${uniqueName('concord-test-')}:`;
      for (const n of [0, 1]) {
        const instance = await startScaleInstance({
          databaseUrl: TEST_DATABASE_URL!,
          schema: schema.name,
          redisUrl: TEST_REDIS_URL!,
          channelPrefix: prefix,
          instanceId: `search-${n}`,
          token: () => token,
        });
        instances.push(instance);
        if (!token) token = await createAdminToken(instance.app);
      }
    });
    afterEach(async () => {
      closeAll(clients);
      clients = [];
      await Promise.all(instances.map((i) => i.close()));
      instances = [];
      token = '';
      await schema.drop();
    });

    it('indexes an edit made through instance 1 where instance 2 finds it', { timeout: 30_000 }, async () => {
      const [first, second] = instances as [ScaleInstance, ScaleInstance];
      const project = (await first.api<Project>('POST', '/api/projects', { name: 'Shared' })).body;
      const document = (
        await first.api<Document>('POST', `/api/projects/${project.id}/documents`, {
          title: 'Interview',
          text: 'The wards were quiet.',
        })
      ).body;
      const find = async (q: string) =>
        (await second.api<SearchResult>('GET', `/api/projects/${project.id}/search?q=${q}`)).body;
      expect((await find('wards')).total).toBe(1);

      const client = connect(first.ws, roomName.text(document.id), token);
      clients.push(client);
      await synced(client);
      contentText(client.doc).insert(0, 'Overflow beds. ');

      // The instances that hold the room index the edit themselves (debounced), before anyone
      // searches: read the shared index directly.
      const reader = await openPostgresStorage({ url: TEST_DATABASE_URL!, schema: schema.name, poolSize: 1 });
      try {
        await expect
          .poll(
            async () => {
              const found = await reader.search.find(project.id, ['overflow']);
              return (
                await reader.search.texts(
                  project.id,
                  found.map((e) => e.documentId),
                )
              ).map((e) => e.text);
            },
            { timeout: 5000 },
          )
          .toEqual(['Overflow beds. The wards were quiet.']);
      } finally {
        await reader.close();
      }
      const found = await find('overflow');
      expect(found.hits).toEqual([
        expect.objectContaining({ documentId: document.id, start: 0, end: 8, match: 'Overflow' }),
      ]);
      expect((await find('wards')).hits[0]?.start).toBe(19);
    });
  },
);
