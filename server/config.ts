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
}

export function appConfigFrom(env: EnvConfig): AppConfig {
  return {
    maxFrameBytes: env.MAX_FRAME_BYTES,
    maxBodyBytes: env.MAX_BODY_BYTES,
    roomUnloadMs: env.ROOM_UNLOAD_MS,
    compactAfter: env.COMPACT_AFTER,
    pingIntervalMs: env.PING_INTERVAL_MS,
    liveDebounceMs: env.LIVE_AGREEMENT_DEBOUNCE_MS,
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
