import { describe } from 'vitest';
import { openPostgresStorage } from '../../server/storage/postgres.ts';
import { createTestSchema, skipWithout, TEST_DATABASE_URL, type TestSchema } from '../helpers/services.ts';
import { registerSearchIndexContractTests } from './searchIndexContract.ts';

describe.skipIf(skipWithout('PostgreSQL search index contract', { database: true }))('postgres', () => {
  const url = TEST_DATABASE_URL!;
  registerSearchIndexContractTests('postgres', () => {
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
