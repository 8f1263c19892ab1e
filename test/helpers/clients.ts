/** Stock y-websocket clients in Node, over real sockets. */
import { WebsocketProvider } from 'y-websocket';
import { vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

/**
 * Opens a provider for a room, signed in with `token` (`?token=`); `disableBc` keeps same-process
 * clients from syncing around the server.
 */
export function connect(
  serverUrl: string,
  room: string,
  token: string | null,
  doc: Y.Doc = new Y.Doc(),
): Client {
  const provider = new WebsocketProvider(serverUrl, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: token ? { token } : {},
    disableBc: true,
    maxBackoffTime: 200,
  });
  return { doc, provider };
}

/** Resolves once the provider has completed its first sync with the server. */
export async function synced(client: Client): Promise<void> {
  await vi.waitFor(() => {
    if (!client.provider.synced) throw new Error('not synced yet');
  });
}

export function closeAll(clients: Client[]): void {
  for (const c of clients) {
    c.provider.destroy();
    c.doc.destroy();
  }
}

/** Waits until every client holds the same state: same state vector and same deletions. */
export async function converged(clients: Client[], timeout = 10_000): Promise<void> {
  await vi.waitFor(
    () => {
      const [first, ...rest] = clients.map((c) => Y.snapshot(c.doc));
      for (const s of rest) if (!Y.equalSnapshots(first!, s)) throw new Error('documents differ');
    },
    { timeout, interval: 20 },
  );
}

/**
 * Sends one socket upgrade request to `url` (a full `ws://…/sync/<room>` address with any query)
 * and answers its HTTP status: 101 when the socket opened (it is closed again at once), else the
 * status the server refused it with (0 when the response carried none).
 */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    // A refused upgrade also emits 'error' once the response is handled; the status is the answer.
    ws.on('error', () => undefined);
  });
}
