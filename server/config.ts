/** Server configuration from the environment, validated once at start-up. */
import { resolve } from 'node:path';
import { z } from 'zod';

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
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  ROOM_UNLOAD_MS: z.coerce.number().int().min(0).default(30_000),
  COMPACT_AFTER: z.coerce.number().int().positive().default(500),
  PING_INTERVAL_MS: z.coerce.number().int().positive().default(30_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
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
  maxFrameBytes: number;
  maxBodyBytes: number;
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
    maxFrameBytes: env.MAX_FRAME_BYTES,
    maxBodyBytes: env.MAX_BODY_BYTES,
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
