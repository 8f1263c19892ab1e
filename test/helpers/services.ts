/**
 * The production services the scale-out suites need. CI sets `CONCORD_TEST_DATABASE_URL` and
 * `CONCORD_TEST_REDIS_URL` (`.ci/run`); where they are unset those suites skip and say why, except
 * under CI, where they fail naming the missing variable.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { SCHEMA_CHANGE_LOCK } from '../../server/storage/postgres.ts';
import { skipUnlessPresent } from './requirements.ts';

/** PostgreSQL for tests, or undefined when not configured. */
export const TEST_DATABASE_URL: string | undefined = process.env.CONCORD_TEST_DATABASE_URL || undefined;
/** Redis for tests, or undefined when not configured. */
export const TEST_REDIS_URL: string | undefined = process.env.CONCORD_TEST_REDIS_URL || undefined;

const EXAMPLE_URL: Record<string, string> = {
  CONCORD_TEST_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
  CONCORD_TEST_REDIS_URL: 'redis://127.0.0.1:6379',
};

/** The services a suite needs. */
export interface ServiceNeeds {
  database?: boolean;
  redis?: boolean;
}

/** The variables a suite needs that `env` leaves unset or empty. */
export function missingServiceVariables(needs: ServiceNeeds, env: NodeJS.ProcessEnv = process.env): string[] {
  return [
    ...(needs.database && !env.CONCORD_TEST_DATABASE_URL ? ['CONCORD_TEST_DATABASE_URL'] : []),
    ...(needs.redis && !env.CONCORD_TEST_REDIS_URL ? ['CONCORD_TEST_REDIS_URL'] : []),
  ];
}

/**
 * Returns true when a suite must skip for want of its services (use with `describe.skipIf`),
 * printing which variables to set. Under CI it throws instead, naming them: CI runs every suite.
 */
export function skipWithout(
  suite: string,
  needs: ServiceNeeds,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return skipUnlessPresent(
    suite,
    missingServiceVariables(needs, env).map((name) => `${name} is not set (e.g. ${EXAMPLE_URL[name]})`),
    '.ci/run sets them',
    env,
  );
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
  // Under the lock migrations hold: a schema dropped while another is migrated fails that migration.
  const locked = (statement: string) =>
    run(
      `select pg_advisory_lock(${SCHEMA_CHANGE_LOCK}); ${statement}; select pg_advisory_unlock(${SCHEMA_CHANGE_LOCK})`,
    );
  await locked(`create schema ${name}`);
  return { name, drop: () => locked(`drop schema if exists ${name} cascade`) };
}
