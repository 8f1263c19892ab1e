/**
 * The servers the kill -9 loss counter crashes, each as a child process on a data folder that
 * survives its restart: Concord (`server/main.ts` on SQLite, stock y-websocket clients),
 * Hocuspocus (`bench/servers/hocuspocus.ts`, `@hocuspocus/provider` clients) and the in-memory
 * reference relay (`bench/servers/reference.ts`, stock y-websocket clients; it keeps nothing).
 */
import { once } from 'node:events';
import { join } from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { startBenchServer, startMainServer } from './childProcess.ts';
import type { ChildProcess } from 'node:child_process';

/** A running server process. */
export interface PeerServer {
  port: number;
  /** A bearer token for the server's API and sync, when it asks for one. */
  token: string | null;
  /** Sends SIGKILL and resolves once the process has exited. */
  kill9(): Promise<void>;
  /** Stops the process gracefully (SIGTERM) and resolves once it has exited. */
  stop(): Promise<void>;
}

/** One client's document and connection. */
export interface PeerClient {
  doc: Y.Doc;
  /** Whether the first sync with the server has completed. */
  synced(): boolean;
  /** Closes the connection and the document. */
  destroy(): void;
}

/** How to start one kind of server and connect its clients. */
export interface KillablePeer {
  name: string;
  /** Starts the server keeping its data in `dataDir` (an existing folder, the same on restart). */
  start(dataDir: string): Promise<PeerServer>;
  /** Makes a room to write into (Concord needs a project and a document); returns its name. */
  prepareRoom(server: PeerServer): Promise<string>;
  /** Connects a fresh client to `room`; it syncs in the background (see `synced`). */
  connect(server: PeerServer, room: string): PeerClient;
}

function controls(child: ChildProcess): Pick<PeerServer, 'kill9' | 'stop'> {
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(name);
    await exited;
  };
  return { kill9: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}

/** A stock y-websocket client of `room` at `url` (with `token`, if any) on a fresh document. */
export function yWebsocketClient(url: string, room: string, token: string | null): PeerClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: token ? { token } : {},
    disableBc: true,
  });
  return {
    doc,
    synced: () => provider.synced,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

const ADMIN = { email: 'loss@concord.local', password: 'loss-counter-password' };

/**
 * Concord as `npm start` runs it, with `env` added to its environment: on SQLite in `dataDir` by
 * default, on PostgreSQL with `DATABASE_URL` (and `DATABASE_SCHEMA`, a schema the caller empties).
 */
export function concordPeerWith(env: Record<string, string>, name = 'Concord'): KillablePeer {
  return {
    name,
    async start(dataDir) {
      const server = await startMainServer({
        DATA_DIR: dataDir,
        CONCORD_ADMIN_EMAIL: ADMIN.email,
        CONCORD_ADMIN_PASSWORD: ADMIN.password,
        ...env,
      });
      const res = await fetch(`http://127.0.0.1:${server.port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ADMIN),
      });
      if (res.status !== 200) {
        await controls(server.child).kill9();
        throw new Error(`Concord sign-in failed with ${res.status}: ${await res.text()}`);
      }
      const { token } = (await res.json()) as { token: string };
      return { port: server.port, token, ...controls(server.child) };
    },
    async prepareRoom(server) {
      const post = async (path: string, body: unknown) => {
        const res = await fetch(`http://127.0.0.1:${server.port}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
          body: JSON.stringify(body),
        });
        if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
        return (await res.json()) as { id: string };
      };
      const project = await post('/api/projects', { name: 'loss after kill' });
      const document = await post(`/api/projects/${project.id}/documents`, { title: 'loss', text: 'loss' });
      return `text:${document.id}`;
    },
    connect: (server, room) => yWebsocketClient(`ws://127.0.0.1:${server.port}/sync`, room, server.token),
  };
}

/** Concord on SQLite in `dataDir`. */
export const concordPeer: KillablePeer = concordPeerWith({});

/**
 * Hocuspocus with its database extension on `dataDir/hocuspocus.sqlite`, with its default store
 * debounce, or `debounceMs` (ms) when given.
 */
export function hocuspocusPeerWith(options: { debounceMs?: number }): KillablePeer {
  return { ...hocuspocusPeer, ...hocuspocusStart(options) };
}

function hocuspocusStart({ debounceMs }: { debounceMs?: number }): Pick<KillablePeer, 'start'> {
  return {
    async start(dataDir) {
      const server = await startBenchServer(
        'bench/servers/hocuspocus.ts',
        [],
        [join(dataDir, 'hocuspocus.sqlite'), '0', ...(debounceMs === undefined ? [] : [String(debounceMs)])],
      );
      return { port: server.port, token: null, ...controls(server.child) };
    },
  };
}

/** Hocuspocus with its database extension on `dataDir/hocuspocus.sqlite` and its default debounce. */
export const hocuspocusPeer: KillablePeer = {
  name: 'Hocuspocus',
  ...hocuspocusStart({}),
  prepareRoom: () => Promise.resolve('loss-after-kill'),
  connect: (server, room) => hocuspocusClient(`ws://127.0.0.1:${server.port}`, room),
};

/**
 * A `@hocuspocus/provider` client of `room` on the Hocuspocus server at `url`, on a socket of its
 * own (as each stock y-websocket client has), with a fresh document; it syncs in the background.
 */
export function hocuspocusClient(url: string, room: string): PeerClient {
  const doc = new Y.Doc();
  // An explicit socket, because only its configuration takes a WebSocket class for Node 20.
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: room, document: doc });
  provider.attach();
  return {
    doc,
    synced: () => provider.isSynced,
    destroy() {
      provider.destroy();
      socket.destroy();
      doc.destroy();
    },
  };
}

/** The in-memory reference relay; `dataDir` is unused, since it keeps nothing. */
export const referencePeer: KillablePeer = {
  name: 'reference',
  async start() {
    const server = await startBenchServer('bench/servers/reference.ts');
    return { port: server.port, token: null, ...controls(server.child) };
  },
  prepareRoom: () => Promise.resolve('loss-after-kill'),
  connect: (server, room) => yWebsocketClient(`ws://127.0.0.1:${server.port}`, room, null),
};
