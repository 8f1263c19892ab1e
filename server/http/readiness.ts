/**
 * `GET /readyz` for load balancers and Kubernetes: ready while storage answers, the fan-out is
 * connected (when one is configured and required) and the instance is not shutting down.
 * Liveness stays at `/healthz`: a failing dependency calls for fewer clients, not a restart.
 */
import type { RequestHandler } from 'express';
import type { Logger } from '../logger.ts';
import type { Storage } from '../storage/Storage.ts';
import type { Fanout } from '../sync/RoomFanout.ts';

export interface ReadinessOptions {
  storage: Pick<Storage, 'ping' | 'kind'>;
  fanout?: Pick<Fanout, 'connected'>;
  /** Whether a disconnected fan-out makes the instance not ready. */
  requireFanout: boolean;
  /** True once shutdown has begun. */
  shuttingDown: () => boolean;
  /** Longest wait for storage to answer, in milliseconds. Default 2000. */
  storageTimeoutMs?: number;
  logger: Logger;
}

/** The readiness route's handler: 200 or 503 with each check's result. */
export function readinessHandler(options: ReadinessOptions): RequestHandler {
  const { storage, fanout, requireFanout, shuttingDown, logger } = options;
  const timeoutMs = options.storageTimeoutMs ?? 2000;
  return async (_req, res) => {
    const storageOk = await answersWithin(storage.ping(), timeoutMs).catch((err: unknown) => {
      logger.warn({ err }, 'readiness: storage unavailable');
      return false;
    });
    const redis = fanout ? (fanout.connected ? 'ok' : 'disconnected') : undefined;
    const stopping = shuttingDown();
    const ready = storageOk && !stopping && (redis !== 'disconnected' || !requireFanout);
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'unavailable',
      storage: storageOk ? 'ok' : 'unavailable',
      ...(redis ? { redis } : {}),
      ...(stopping ? { shuttingDown: true } : {}),
    });
  };
}

/** True when `promise` resolves within `ms`; false when it takes longer; rejects with it. */
function answersWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => {
    const timer = setTimeout(() => resolve(false), ms);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
