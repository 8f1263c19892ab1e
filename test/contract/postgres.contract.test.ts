import { describe, expect, it } from 'vitest';
import { PostgresBlobStore } from '../../server/blobs/PostgresBlobStore.ts';
import { openPostgresStorage } from '../../server/storage/postgres.ts';
import { createTestSchema, skipWithout, TEST_DATABASE_URL, type TestSchema } from '../helpers/services.ts';
import { registerBlobStoreContractTests } from './blobStoreContract.ts';
import { registerSearchIndexContractTests } from './searchIndexContract.ts';
import { registerStorageContractTests } from './storageContract.ts';

describe.skipIf(skipWithout('PostgreSQL storage and search index contracts', { database: true }))(
  'postgres',
  () => {
    const url = TEST_DATABASE_URL!;
    // Each suite gets a schema of its own.
    const backend = () => {
      let schema: Promise<TestSchema> | null = null;
      const open = async () => {
        schema ??= createTestSchema(url);
        return openPostgresStorage({ url, schema: (await schema).name });
      };
      return {
        open,
        reopen: open,
        cleanup: async () => {
          if (schema) await (await schema).drop();
        },
      };
    };
    registerStorageContractTests('postgres', backend);
    registerSearchIndexContractTests('postgres', backend);
    // Kept files in a schema's tables (migration 0012), on a pool of their own.
    registerBlobStoreContractTests('postgres', () => {
      let schema: TestSchema | null = null;
      let storage: Awaited<ReturnType<typeof openPostgresStorage>> | null = null;
      return {
        open: async () => {
          schema = await createTestSchema(url);
          storage = await openPostgresStorage({ url, schema: schema.name });
          return new PostgresBlobStore({ url, schema: schema.name });
        },
        cleanup: async () => {
          await storage?.close();
          await schema?.drop();
        },
      };
    });

    it('keeps deployments in separate schemas of one database apart', async () => {
      const schemas = await Promise.all([createTestSchema(url), createTestSchema(url)]);
      try {
        // Opened one after the other: the second must not mistake the first's tables for its own.
        const first = await openPostgresStorage({ url, schema: schemas[0].name });
        const second = await openPostgresStorage({ url, schema: schemas[1].name });
        await first.appendUpdates('text:a', [new Uint8Array([1])]);
        expect(await second.lastSeqs(['text:a'])).toEqual(new Map());
        expect(await second.appendUpdates('text:a', [new Uint8Array([2])])).toBe(1);
        await Promise.all([first.close(), second.close()]);
      } finally {
        await Promise.all(schemas.map((s) => s.drop()));
      }
    });

    it('refuses a schema name that is not a plain identifier', async () => {
      await expect(openPostgresStorage({ url, schema: 'x; drop table rooms' })).rejects.toThrow(RangeError);
    });
  },
);
