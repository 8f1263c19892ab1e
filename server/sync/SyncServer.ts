/**
 * The `/sync/<room>` websocket endpoint: checks the room on upgrade, attaches message handlers
 * before any await (frames that arrive while the room loads are buffered, in order), keeps
 * connections alive with pings and cleans up after them.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CloseCode, parseRoomName, SYNC_PATH, type RoomName } from '../../shared/protocol.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { Connection, type Access, type ConnectionGrant, type ConnectionUser } from './Connection.ts';
import type { Room } from './Room.ts';
import type { RoomRegistry } from './RoomRegistry.ts';

/** The verdict on an upgrade request for a room. */
export type RoomVerdict =
  | { ok: true; access: Access; user: ConnectionUser | null; grant?: ConnectionGrant }
  | { ok: false; status: 400 | 401 | 403 | 404; message: string };

export interface SyncServerOptions {
  registry: RoomRegistry;
  /** Decides whether (and how) this request may open the room. */
  admit: (room: RoomName, request: IncomingMessage) => Promise<RoomVerdict>;
  logger: Logger;
  metrics: Metrics;
  /** Largest accepted frame in bytes; larger ones close the connection with 1009. */
  maxFrameBytes: number;
  /** Interval between keepalive pings; a peer that missed the previous pong is dropped. */
  pingIntervalMs: number;
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  now?: () => number;
}

/**
 * How long a refused oversized frame is remembered. The socket layer must close such a connection
 * with 1009, which y-websocket clients answer by reconnecting and sending the same edit again; the
 * next connection of that user to that room within this time is closed with the final 4413.
 */
const OVERSIZED_MEMORY_MS = 10 * 60_000;

interface LiveSocket {
  alive: boolean;
}

export class SyncServer {
  private readonly wss: WebSocketServer;
  private readonly alive = new WeakMap<WebSocket, LiveSocket>();
  private readonly pingTimer: NodeJS.Timeout;
  private accepting = true;
  /** `user|room` → until when its next connection is refused (see OVERSIZED_MEMORY_MS). */
  private readonly oversized = new Map<string, number>();

  constructor(private readonly options: SyncServerOptions) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes });
    this.pingTimer = setInterval(() => this.ping(), options.pingIntervalMs);
    this.pingTimer.unref();
  }

  /** Routes the HTTP server's upgrade requests under `/sync/` here. */
  attach(server: Server): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.handleUpgrade(request, socket, head).catch((err: unknown) => {
        this.options.logger.error({ err }, 'upgrade failed');
        rejectUpgrade(socket, 500, 'internal error');
      });
    });
  }

  /** Stops taking new connections (open ones are closed by the registry). */
  stopAccepting(): void {
    this.accepting = false;
  }

  /** Terminates any remaining sockets and stops the keepalive timer. */
  close(): Promise<void> {
    clearInterval(this.pingTimer);
    for (const ws of this.wss.clients) ws.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  private async handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(`${SYNC_PATH}/`)) return rejectUpgrade(socket, 404, 'not found');
    if (!this.accepting) return rejectUpgrade(socket, 503, 'shutting down');
    let name: string;
    try {
      name = decodeURIComponent(url.pathname.slice(SYNC_PATH.length + 1));
    } catch {
      return rejectUpgrade(socket, 400, 'bad room name');
    }
    const room = parseRoomName(name);
    if (!room) return rejectUpgrade(socket, 400, `unknown room '${name}'`);
    const verdict = await this.options.admit(room, request);
    if (!verdict.ok) return rejectUpgrade(socket, verdict.status, verdict.message);
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, name, verdict));
  }

  private accept(ws: WebSocket, roomName: string, verdict: Extract<RoomVerdict, { ok: true }>): void {
    const { registry, logger, metrics } = this.options;
    const conn = new Connection(
      { send: (data) => ws.send(data), close: (code, reason) => ws.close(code, reason) },
      verdict.access,
      verdict.user,
      verdict.grant ?? null,
    );
    this.alive.set(ws, { alive: true });
    metrics.connections.inc();
    const now = this.options.now ?? Date.now;
    const sender = `${verdict.user?.id ?? ''}|${roomName}`;
    const refusedUntil = this.oversized.get(sender);
    if (refusedUntil !== undefined) {
      this.oversized.delete(sender);
      if (refusedUntil > now()) {
        // Once only: the client stops here; a reload that still holds the edit tries once more.
        logger.warn({ room: roomName, user: verdict.user?.id }, 'reconnect after an oversized edit refused');
        conn.close(CloseCode.roomTooLarge, 'your last edit was larger than the server accepts');
      }
    }

    // Handlers attach now, before any await: frames that arrive while the room loads wait here.
    let room: Room | null = null;
    let buffered: Uint8Array[] | null = [];
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!isBinary) {
        conn.close(CloseCode.unsupportedData, 'binary frames only');
        return;
      }
      const frame = toUint8Array(data);
      if (buffered) buffered.push(frame);
      else room?.receive(conn, frame);
    });
    ws.on('pong', () => {
      const state = this.alive.get(ws);
      if (state) state.alive = true;
    });
    ws.on('error', (err: Error & { code?: string }) => {
      if (err.code !== 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        logger.debug({ err, room: roomName }, 'socket error');
        return;
      }
      // ws has closed the connection with 1009 already; nothing of the frame was read.
      logger.warn(
        { room: roomName, user: verdict.user?.id, maxFrameBytes: this.options.maxFrameBytes },
        'frame refused: larger than MAX_FRAME_BYTES',
      );
      const at = now();
      for (const [key, until] of this.oversized) if (until <= at) this.oversized.delete(key);
      this.oversized.set(sender, at + OVERSIZED_MEMORY_MS);
    });
    ws.on('close', () => {
      conn.markClosed();
      metrics.connections.dec();
      if (room) {
        room.leave(conn);
        registry.release(room);
      }
    });

    registry.acquire(roomName).then(
      (loaded) => {
        if (conn.isClosed) {
          registry.release(loaded);
          return;
        }
        room = loaded;
        loaded.join(conn);
        const pending = buffered ?? [];
        buffered = null;
        for (const frame of pending) loaded.receive(conn, frame);
      },
      (err: unknown) => {
        logger.error({ err, room: roomName }, 'could not open room');
        conn.close(CloseCode.internalError, 'room unavailable');
      },
    );
  }

  private ping(): void {
    for (const ws of this.wss.clients) {
      const state = this.alive.get(ws);
      if (!state) continue;
      if (!state.alive) {
        ws.terminate();
        continue;
      }
      state.alive = false;
      ws.ping();
    }
  }
}

function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

const ERROR_CODES: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'notFound',
  500: 'internal',
  503: 'storageUnavailable',
};

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Answers an upgrade request with a plain HTTP error, before any websocket byte is sent. */
function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: { code: ERROR_CODES[status] ?? 'internal', message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
