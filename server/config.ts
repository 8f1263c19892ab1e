/** Server configuration from the environment, validated once at start-up. */
import { resolve } from 'node:path';
import { z } from 'zod';
import type { RoomLimits } from '../shared/protocol.ts';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every environment variable the server reads, with its default. */
export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Load the demo project into an empty data directory on first start. */
  DEMO: bool.default(true),
  MAX_FRAME_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(16 * 1024 * 1024),
  /** Largest single edit, and largest document, of each kind of room (see README). */
  MAX_TEXT_UPDATE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(12 * 1024 * 1024),
  MAX_TEXT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(32 * 1024 * 1024),
  MAX_LAYER_UPDATE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 1024 * 1024),
  MAX_LAYER_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(8 * 1024 * 1024),
  MAX_CODEBOOK_UPDATE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 1024 * 1024),
  MAX_CODEBOOK_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(8 * 1024 * 1024),
  MAX_MEMO_UPDATE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  MAX_MEMO_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(4 * 1024 * 1024),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /** Largest import upload (all files of one request together). */
  MAX_IMPORT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(100 * 1024 * 1024),
  /**
   * Largest PDF or recording kept from an upload, each file on its own, in bytes (default 2 GiB).
   * Such files stream to the BlobStore as they arrive instead of being read into memory.
   */
  MAX_MEDIA_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 1024 * 1024 * 1024),
  /**
   * How long a kept file no document references stays after its last write, in milliseconds
   * (default 1 hour): the longest expected time between an import storing its files and
   * committing its documents (docs/sources.md, "Where the files are kept").
   */
  KEPT_FILE_GRACE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(60 * 60_000),
  /** How often kept files no document references are swept, in milliseconds (default 10 minutes; 0: only at start). */
  KEPT_FILE_SWEEP_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(10 * 60_000),
  /** Largest presence (awareness) one connection announces, all its client ids together, in bytes; more closes it (1009). */
  MAX_PRESENCE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024),
  ROOM_UNLOAD_MS: z.coerce.number().int().min(0).default(30_000),
  COMPACT_AFTER: z.coerce.number().int().positive().default(500),
  PING_INTERVAL_MS: z.coerce.number().int().positive().default(30_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** After SIGTERM, how long /readyz answers 503 before connections close (load balancers move on). */
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).default(0),
  /** PostgreSQL connection string; when set, storage is PostgreSQL instead of SQLite in DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'use postgres://user:password@host:5432/database')
    .optional(),
  /** Schema holding Concord's tables (created when missing); default: the server's search_path. */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lowercase letters, digits and _')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(10),
  /**
   * At start, imports begun this long ago and never finished are removed (their process died).
   * Default: 0 with SQLite (one process owns the file), 15 minutes with PostgreSQL, where another
   * instance may be in the middle of one.
   */
  IMPORT_ABANDONED_AFTER_MS: z.coerce.number().int().min(0).optional(),
  /** Redis for cross-instance fan-out; when unset, instances see each other's writes through the log. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'use redis://host:6379')
    .optional(),
  /** Prefix of Concord's Redis channels, so several deployments can share one Redis. */
  REDIS_PREFIX: z.string().min(1).default('concord:'),
  /** Whether /readyz fails while Redis is configured but unreachable. */
  READY_REQUIRES_REDIS: bool.default(true),
  /** This instance's name in logs and fan-out messages; default: host name plus a random suffix. */
  INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, ".", "_" and "-"')
    .optional(),
  /** How often loaded rooms check the shared log for writes they were not told about (0: never). */
  CATCH_UP_INTERVAL_MS: z.coerce.number().int().min(0).default(1000),
  LIVE_AGREEMENT_DEBOUNCE_MS: z.coerce.number().int().min(0).default(250),
  /** Extra origins (comma-separated) whose pages may use the session cookie, e.g. a dev server. */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter((o) => o.length > 0),
    ),
  /** Express "trust proxy": hops of reverse proxies in front (0: none). */
  TRUST_PROXY: z.coerce.number().int().min(0).default(0),
  LOGIN_ATTEMPTS: z.coerce.number().int().positive().default(10),
  LOGIN_WINDOW_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(15 * 60_000),
  /** The first administrator, created on a fresh data directory (a password is generated if unset). */
  CONCORD_ADMIN_EMAIL: z.string().email().optional(),
  CONCORD_ADMIN_PASSWORD: z
    .string()
    .min(10, 'CONCORD_ADMIN_PASSWORD needs at least 10 characters')
    .optional(),
});
export type EnvConfig = z.infer<typeof ConfigSchema>;

/** What the app needs, in its own words. */
export interface AppConfig {
  /** How often loaded rooms check the shared log for others' writes, in milliseconds (0: never). */
  catchUpIntervalMs: number;
  /** Whether readiness fails while the fan-out is disconnected. */
  readyRequiresFanout: boolean;
  maxFrameBytes: number;
  /** Per kind of room: the largest edit and the largest document, in bytes. */
  roomLimits: RoomLimits;
  /** Largest presence state of one client, in bytes of its JSON. */
  maxPresenceBytes: number;
  maxBodyBytes: number;
  /** Largest import upload, in bytes (PDFs and recordings aside). */
  maxImportBytes: number;
  /** Largest PDF or recording, each on its own, in bytes. */
  maxMediaBytes: number;
  /** How long an unreferenced kept file stays after its last write, in milliseconds. */
  keptFileGraceMs: number;
  /** Time between sweeps of unreferenced kept files, in milliseconds (0: none while running). */
  keptFileSweepMs: number;
  roomUnloadMs: number;
  compactAfter: number;
  pingIntervalMs: number;
  /** Quiet time after a change before live agreement is recomputed. */
  liveDebounceMs: number;
  allowedOrigins: string[];
  trustProxy: number;
  loginAttempts: number;
  loginWindowMs: number;
}

export function appConfigFrom(env: EnvConfig): AppConfig {
  return {
    catchUpIntervalMs: env.CATCH_UP_INTERVAL_MS,
    readyRequiresFanout: env.READY_REQUIRES_REDIS,
    maxFrameBytes: env.MAX_FRAME_BYTES,
    roomLimits: {
      text: { maxUpdateBytes: env.MAX_TEXT_UPDATE_BYTES, maxRoomBytes: env.MAX_TEXT_BYTES },
      layer: { maxUpdateBytes: env.MAX_LAYER_UPDATE_BYTES, maxRoomBytes: env.MAX_LAYER_BYTES },
      codebook: { maxUpdateBytes: env.MAX_CODEBOOK_UPDATE_BYTES, maxRoomBytes: env.MAX_CODEBOOK_BYTES },
      memo: { maxUpdateBytes: env.MAX_MEMO_UPDATE_BYTES, maxRoomBytes: env.MAX_MEMO_BYTES },
    },
    maxPresenceBytes: env.MAX_PRESENCE_BYTES,
    maxBodyBytes: env.MAX_BODY_BYTES,
    maxImportBytes: env.MAX_IMPORT_BYTES,
    maxMediaBytes: env.MAX_MEDIA_BYTES,
    keptFileGraceMs: env.KEPT_FILE_GRACE_MS,
    keptFileSweepMs: env.KEPT_FILE_SWEEP_MS,
    roomUnloadMs: env.ROOM_UNLOAD_MS,
    compactAfter: env.COMPACT_AFTER,
    pingIntervalMs: env.PING_INTERVAL_MS,
    liveDebounceMs: env.LIVE_AGREEMENT_DEBOUNCE_MS,
    allowedOrigins: env.ALLOWED_ORIGINS,
    trustProxy: env.TRUST_PROXY,
    loginAttempts: env.LOGIN_ATTEMPTS,
    loginWindowMs: env.LOGIN_WINDOW_MS,
  };
}

/** Defaults for embedding the app (tests, benchmarks). */
export const defaultAppConfig: AppConfig = appConfigFrom(ConfigSchema.parse({}));

/** Parses the environment; throws a readable message listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): EnvConfig & { dataDir: string } {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, dataDir: resolve(parsed.data.DATA_DIR) };
}
