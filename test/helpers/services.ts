/**
 * The production services the scale-out suites need. CI sets `CONCORD_TEST_DATABASE_URL` and
 * `CONCORD_TEST_REDIS_URL` (`.ci/run`); where they are unset those suites skip and say why.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** PostgreSQL for tests, or undefined when not configured. */
export const TEST_DATABASE_URL: string | undefined = process.env.CONCORD_TEST_DATABASE_URL || undefined;
/** Redis for tests, or undefined when not configured. */
export const TEST_REDIS_URL: string | undefined = process.env.CONCORD_TEST_REDIS_URL || undefined;

/**
 * Prints why a suite does not run; returns true when it must skip. Use with `describe.skipIf`.
 */
export function skipWithout(suite: string, needs: { database?: boolean; redis?: boolean }): boolean {
  const missing = [
    ...(needs.database && !TEST_DATABASE_URL ? ['CONCORD_TEST_DATABASE_URL'] : []),
    ...(needs.redis && !TEST_REDIS_URL ? ['CONCORD_TEST_REDIS_URL'] : []),
  ];
  if (missing.length === 0) return false;
  console.warn(`SKIPPED ${suite}: set ${missing.join(' and ')} to run it (.ci/run does).`);
  return true;
}

/** A unique suffix for names that parallel test runs must not share. */
export function uniqueName(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

export interface TestSchema {
  name: string;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

/** Creates a fresh, uniquely named PostgreSQL schema. */
export async function createTestSchema(url: string): Promise<TestSchema> {
  const name = uniqueName('concord_t_');
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`create schema ${name}`);
  return { name, drop: () => run(`drop schema if exists ${name} cascade`) };
}
