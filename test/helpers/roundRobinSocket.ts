/**
 * A WebSocket for `WebsocketProvider`'s `WebSocketPolyfill` option that connects to the next of
 * several servers on each (re)connection, as a client behind a load balancer would: when its
 * server dies, the provider's reconnect lands on another one.
 */
import WebSocket from 'ws';

export interface RoundRobin {
  /** Pass as `WebSocketPolyfill`. */
  WebSocket: typeof globalThis.WebSocket;
  /** The origin (`ws://host:port`) of the latest connection attempt. */
  current(): string | null;
}

/**
 * @param origins the servers' `ws://host:port` origins, read at every connection attempt
 * @param start index of the first server to try
 */
export function roundRobin(origins: () => readonly string[], start = 0): RoundRobin {
  let next = start;
  let current: string | null = null;
  class RoundRobinWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      const list = origins();
      const origin = list[next++ % list.length]!;
      const url = new URL(address);
      const target = new URL(origin);
      url.host = target.host;
      current = origin;
      super(url, protocols);
    }
  }
  return { WebSocket: RoundRobinWebSocket as unknown as typeof globalThis.WebSocket, current: () => current };
}
