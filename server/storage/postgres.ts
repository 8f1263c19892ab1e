/**
 * The production backend: PostgreSQL through a `pg` pool, shared by every Concord instance.
 * Queries go through Kysely like SQLite's; the log append is one SQL statement (one round trip)
 * and compaction takes a per-room advisory lock.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { KyselyStorage } from './KyselyStorage.ts';
import type { Database } from './schema.ts';

export interface PostgresStorageOptions {
  /** Connection string, e.g. `postgres://user:password@host:5432/concord`. */
  url: string;
  /**
   * Schema holding Concord's tables (created when missing). Default: the server's search_path,
   * normally `public`. Lowercase letters, digits and `_`.
   */
  schema?: string;
  /** Most connections this process opens. Default 10. */
  poolSize?: number;
  /**
   * Longest wait for a connection and longest statement, in milliseconds: when PostgreSQL does
   * not answer, writes fail (and are refused to clients) instead of hanging. Default 5000.
   */
  timeoutMs?: number;
}

/** Valid schema names: unquoted PostgreSQL identifiers, so they are safe in `search_path`. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Class id of the advisory locks compaction takes (the second key is the room's hash). */
const COMPACTION_LOCK_CLASS = 0x636f6e63; // "conc"

/** Most updates sent in one append statement (one bound parameter each). */
const APPEND_STATEMENT_MAX = 10_000;

/** PostgreSQL's int8 arrives as text; Concord's int8 columns are sequence numbers and counts. */
function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${text} is beyond 2^53`);
  return n;
}

/**
 * PostgreSQL advisory lock key held while a schema is created, migrated or dropped, so those
 * changes never overlap within one database (whoever drops schemas, such as test set-ups, takes it
 * too).
 */
export const SCHEMA_CHANGE_LOCK = 7_405_611_201;

/**
 * Type parsers for this pool only (pg's global `types.setTypeParser` would change every pool in
 * the process).
 */
const poolTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 && format !== 'binary'
      ? parseInt8
      : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

export class PostgresStorage extends KyselyStorage {
  private constructor(
    db: Kysely<Database>,
    private readonly pool: pg.Pool,
  ) {
    super(db, 'postgres');
  }

  /** Connects, creates the schema when missing and brings it up to date. */
  static async connect(options: PostgresStorageOptions): Promise<PostgresStorage> {
    const { url, schema, poolSize = 10, timeoutMs = 5000 } = options;
    if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
      throw new RangeError(`invalid schema name '${schema}': use lowercase letters, digits and _`);
    }
    const poolConfig: pg.PoolConfig = {
      connectionString: url,
      connectionTimeoutMillis: timeoutMs,
      // Notices a peer that vanished without closing (a dead load balancer, a cut network).
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      types: poolTypes,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    };
    // Migrations get a connection of their own without the statement timeout: building an index
    // on a large table may take minutes, which no request should.
    const migrations = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: quietPool({ ...poolConfig, max: 1 }) }),
    });
    try {
      // One schema change at a time in the whole database: the migrator reads the catalog of every
      // schema before it takes its own lock, and a table created or dropped meanwhile in another
      // schema (another deployment, another instance starting) fails that read.
      await sql`select pg_advisory_lock(${SCHEMA_CHANGE_LOCK})`.execute(migrations);
      if (schema) await createSchema(migrations, schema);
      const { rows } = await sql<{ name: string }>`select current_schema() as name`.execute(migrations);
      await KyselyStorage.migrate(migrations, 'postgres', schema ?? rows[0]?.name);
    } finally {
      // Closing the connection releases the session lock too, also after a failure.
      await migrations.destroy();
    }
    const pool = quietPool({ ...poolConfig, max: poolSize, statement_timeout: timeoutMs });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return new PostgresStorage(db, pool);
  }

  /**
   * One statement: the upsert on the room row hands out the numbers (its row lock serializes
   * appenders across instances until commit) and the same statement stores the updates, so an
   * append costs one round trip and no explicit transaction.
   */
  override async appendUpdates(room: string, updates: readonly Uint8Array[]): Promise<number> {
    if (updates.length === 0) throw new RangeError('appendUpdates needs at least one update');
    if (updates.length > APPEND_STATEMENT_MAX) return super.appendUpdates(room, updates);
    const rows = updates.map((_, i) => `(${i + 1}, $${i + 3}::bytea)`).join(', ');
    const result = await this.pool.query<{ last_seq: number }>(
      `with bumped as (
         insert into rooms as r (name, last_seq, snapshot, snapshot_seq) values ($1::text, $2::bigint, null, 0)
         on conflict (name) do update set last_seq = r.last_seq + excluded.last_seq
         returning r.last_seq
       ), stored as (
         insert into room_updates (room, seq, data)
         select $1::text, bumped.last_seq - $2::bigint + u.n, u.data
         from bumped cross join (values ${rows}) as u(n, data)
       )
       select last_seq from bumped`,
      [room, updates.length, ...updates],
    );
    const last = result.rows[0]?.last_seq;
    if (last === undefined) throw new Error(`append to ${room} returned no sequence number`);
    return last;
  }

  /**
   * Several instances may hold the same room and compact it at about the same time. The row lock
   * and the stale-snapshot guard already keep that correct; the advisory lock lets the second
   * one skip instead of writing a snapshot that the first one has just made redundant.
   */
  override async compact(room: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ locked: boolean }>`
        select pg_try_advisory_xact_lock(${COMPACTION_LOCK_CLASS}::int4, hashtext(${room})) as locked
      `.execute(trx);
      if (!rows[0]?.locked) return;
      await this.compactIn(trx, room, snapshot, throughSeq);
    });
  }
}

/** A pool whose idle connections may break without ending the process. */
function quietPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  // An idle connection that breaks (PostgreSQL restarted) is reported here; without a listener
  // the pool's 'error' event would end the process. The pool replaces it on the next query.
  pool.on('error', () => undefined);
  return pool;
}

async function createSchema(db: Kysely<Database>, schema: string): Promise<void> {
  try {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  } catch (err) {
    // Instances starting together race on "if not exists"; the loser sees a duplicate error.
    const code = (err as { code?: unknown }).code;
    if (code !== '23505' && code !== '42P06') throw err;
  }
}

/** Opens (and migrates) PostgreSQL storage. */
export function openPostgresStorage(options: PostgresStorageOptions): Promise<PostgresStorage> {
  return PostgresStorage.connect(options);
}
