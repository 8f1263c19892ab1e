/**
 * Several `server/main.ts` processes on one PostgreSQL schema and one Redis channel prefix, as a
 * deployment behind a load balancer runs them, and clients that hop between them.
 */
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { openPostgresStorage } from '../../server/storage/postgres.ts';
import { startChildServer, type ChildServer } from './childServer.ts';
import type { Client } from './clients.ts';
import { roundRobin, type RoundRobin } from './roundRobinSocket.ts';
import { TEST_DATABASE_URL, TEST_REDIS_URL, uniqueName, type TestSchema } from './services.ts';

export interface ClusterEnv {
  databaseUrl: string;
  schema: string;
  redisUrl?: string;
  redisPrefix: string;
  /** More environment for every instance. */
  env?: Record<string, string>;
}

/**
 * The test services as a cluster environment: the configured PostgreSQL in `schema`, the shared
 * Redis under a channel prefix of its own (so parallel runs never hear each other).
 */
export function testClusterEnv(schema: TestSchema): ClusterEnv {
  return {
    databaseUrl: TEST_DATABASE_URL!,
    schema: schema.name,
    redisUrl: TEST_REDIS_URL!,
    redisPrefix: `${uniqueName('concord-test-')}:`,
  };
}

function instanceEnv(cluster: ClusterEnv, index: number): Record<string, string> {
  return {
    DATABASE_URL: cluster.databaseUrl,
    DATABASE_SCHEMA: cluster.schema,
    ...(cluster.redisUrl ? { REDIS_URL: cluster.redisUrl } : {}),
    REDIS_PREFIX: cluster.redisPrefix,
    INSTANCE_ID: `instance-${index}`,
    ...cluster.env,
  };
}

/**
 * Starts `count` instances. The first one starts alone (it creates the schema's tables and the
 * administrator); the others join it together.
 */
export async function startCluster(cluster: ClusterEnv, count: number): Promise<ChildServer[]> {
  const first = await startChildServer(instanceEnv(cluster, 0));
  const rest = await Promise.all(
    Array.from({ length: count - 1 }, (_, i) => startChildServer(instanceEnv(cluster, i + 1))),
  );
  return [first, ...rest];
}

/** Starts one more instance of a running cluster (or a replacement for a dead one). */
export function startInstance(cluster: ClusterEnv, index: number, env: Record<string, string> = {}) {
  return startChildServer({ ...instanceEnv(cluster, index), ...env });
}

export interface HoppingClient extends Client {
  /** Which server it connects to. */
  route: RoundRobin;
}

/**
 * A stock `WebsocketProvider` whose every (re)connection goes to the next server in `origins`,
 * starting at `start`: a client behind a round-robin load balancer.
 */
export function connectHopping(
  origins: () => readonly string[],
  start: number,
  room: string,
  token: string,
): HoppingClient {
  const doc = new Y.Doc();
  const route = roundRobin(origins, start);
  // The URL's host is replaced at every connection; this one only carries the path and token.
  const provider = new WebsocketProvider('ws://127.0.0.1:1/sync', room, doc, {
    WebSocketPolyfill: route.WebSocket,
    params: { token },
    disableBc: true,
    maxBackoffTime: 200,
  });
  return { doc, provider, route };
}

/** The room as PostgreSQL holds it (snapshot plus log), read with a connection of the test's own. */
export async function storedDoc(databaseUrl: string, schema: string, room: string): Promise<Y.Doc> {
  const storage = await openPostgresStorage({ url: databaseUrl, schema, poolSize: 1 });
  try {
    const log = await storage.loadRoom(room);
    const doc = new Y.Doc();
    if (log.snapshot) Y.applyUpdate(doc, log.snapshot);
    for (const u of log.updates) Y.applyUpdate(doc, u.data);
    return doc;
  } finally {
    await storage.close();
  }
}

/** Kills every instance still running and waits for them to exit. */
export async function killAll(servers: readonly ChildServer[]): Promise<void> {
  for (const s of servers)
    if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  await Promise.all(servers.map((s) => s.exited));
}

/** `ws://host:port` of a server. */
export function origin(server: ChildServer): string {
  return `ws://127.0.0.1:${server.port}`;
}
