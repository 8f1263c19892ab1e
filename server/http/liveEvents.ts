/**
 * Live answers over Server-Sent Events, shared by the agreement dashboard and the analysis views:
 * one event now and one after every change that concerns the stream and alters the answer
 * (debounced; an unchanged answer is not sent again), a `: keep-alive`
 * comment line while idle, and an `access` event carrying `{ error: { code, message } }` before
 * the stream ends when the caller loses access (the stream is listed in `LiveStreams`, so access
 * re-checks reach it, and it asks `AccessService.streamEnding` again before every event).
 */
import type { Request, Response } from 'express';
import type { Logger } from '../logger.ts';
import type { AccessService } from '../services/AccessService.ts';
import type { LiveStream, LiveStreams, StreamEnding } from '../services/LiveStreams.ts';
import type { RoomRegistry } from '../sync/RoomRegistry.ts';

/** What every live stream needs from the server. */
export interface LiveEventsDeps {
  access: AccessService;
  registry: RoomRegistry;
  /** Where open streams are listed, so access changes end them. */
  streams: LiveStreams;
  logger: Logger;
  /** Quiet time after a change before the answer is recomputed, in milliseconds. */
  debounceMs: number;
  /** Interval of the comment lines that keep idle streams open through proxies, in milliseconds. */
  keepAliveMs: number;
}

/** One stream: what it sends and when. */
export interface LiveEventsSource {
  /** The stream as access re-checks see it (who, with which credential, what it needs). */
  stream: Omit<LiveStream, 'end'>;
  /** The event name of each answer (`agreement`, `segments`, …). */
  event: string;
  /** Computes the answer sent now and after changes. */
  compute(): Promise<unknown>;
  /** The first answer, when the caller computed it already (to refuse bad queries before streaming). */
  initial?: unknown;
  /** Whether a change to this room can move the answer. */
  concerns(room: string): Promise<boolean>;
  /**
   * Whether what the stream sends depends on which layers the caller may read, so that an access
   * change that leaves the stream open (a round turning blind) sends it again at once.
   */
  followsAccess?: boolean;
  /** Logged, and sent in an `error` event, when `compute` fails. */
  failure: string;
}

/**
 * Answers the request with an event stream until the client goes away or loses access. The
 * caller has checked access already (a refused request gets its 403 before any stream starts).
 */
export async function serveLiveEvents(
  req: Request,
  res: Response,
  deps: LiveEventsDeps,
  source: LiveEventsSource,
): Promise<void> {
  const { access, registry, streams, logger } = deps;
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n\n');

  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let again = false;
  let closed = false;
  let first: { value: unknown } | null = 'initial' in source ? { value: source.initial } : null;
  // The last answer sent, as written: an unchanged answer is not sent again. Besides saving the
  // client work, this keeps a coder in a blind round from learning when others code: their
  // changes recompute this stream, but the answer (the coder's own layer) stays the same.
  let lastSent: string | null = null;
  const send = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      const result = first ? first.value : await source.compute();
      first = null;
      // Asked again before every event: a change made through an instance that could not tell
      // this one (Redis down) must not let one more answer through.
      const ending = closed ? null : await access.streamEnding(listed, { credential: true });
      if (ending) listed.end(ending);
      else if (!closed) {
        const data = JSON.stringify(result);
        if (data !== lastSent) {
          lastSent = data;
          writeEventJson(res, source.event, data);
        }
      }
    } catch (err) {
      // A refusal while computing (the round turned blind a moment ago) ends the stream as above.
      const ending = closed
        ? null
        : await access.streamEnding(listed, { credential: true }).catch(() => null);
      if (ending) listed.end(ending);
      else {
        logger.error({ err, projectId: source.stream.projectId }, source.failure);
        if (!closed) writeEvent(res, 'error', { message: source.failure });
      }
    } finally {
      running = false;
      if (again && !closed) {
        again = false;
        schedule();
      }
    }
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void send(), deps.debounceMs);
  };
  const unsubscribe = registry.onChange((room) => {
    source.concerns(room).then(
      (concerned) => {
        if (concerned && !closed) schedule();
      },
      (err: unknown) => logger.error({ err, room }, 'live stream could not place a changed room'),
    );
  });
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), deps.keepAliveMs);
  const listed: LiveStream = {
    ...source.stream,
    ...(source.followsAccess
      ? {
          refresh: () => {
            if (!closed) schedule();
          },
        }
      : {}),
    end: (ending: StreamEnding) => {
      if (closed) return;
      // An answer computing now must not follow the refusal: `closed` is set before anything else.
      stop();
      writeEvent(res, 'access', { error: ending });
      res.end();
    },
  };
  const stopListing = streams.add(listed);
  const stop = () => {
    closed = true;
    unsubscribe();
    stopListing();
    clearInterval(keepAlive);
    if (timer) clearTimeout(timer);
  };
  req.on('close', stop);
  await send();
}

/** Writes one event: its name and its data as one line of JSON. */
export function writeEvent(res: Response, event: string, data: unknown): void {
  writeEventJson(res, event, JSON.stringify(data));
}

/** Writes one event whose data is already one line of JSON. */
function writeEventJson(res: Response, event: string, json: string): void {
  res.write(`event: ${event}\ndata: ${json}\n\n`);
}
