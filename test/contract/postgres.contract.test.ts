import { describe } from 'vitest';
import { openPostgresStorage } from '../../server/storage/postgres.ts';
import { createTestSchema, skipWithout, TEST_DATABASE_URL, type TestSchema } from '../helpers/services.ts';
import { registerStorageContractTests } from './storageContract.ts';

describe.skipIf(skipWithout('PostgreSQL storage contract', { database: true }))('postgres', () => {
  const url = TEST_DATABASE_URL!;
  registerStorageContractTests('postgres', () => {
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
  });
});
