/** A fresh PostgreSQL schema for one benchmark run, dropped afterwards. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Creates a schema named `concord_bench_<random>` at `url`, runs `run` with it, then drops it. */
export async function withSchema<T>(url: string, run: (schema: string) => Promise<T>): Promise<T> {
  const schema = `concord_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create schema ${schema}`);
  try {
    return await run(schema);
  } finally {
    await admin(`drop schema ${schema} cascade`);
  }
}
