/**
 * Cross-instance fan-out over Redis pub/sub: one channel per room, one publishing and one
 * subscribed connection per process. Redis is only the fast path: every update is in PostgreSQL
 * before it is published, rooms repair gaps from there, and while Redis is down each instance
 * keeps serving its own clients (other instances' writes then arrive through the log watcher).
 */
import { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { Fanout, RoomFanoutHandlers, RoomSubscription } from '../sync/RoomFanout.ts';
import {
  decodeFanoutMessage,
  encodeAccessChangedMessage,
  encodeCredentialsEndedMessage,
  encodeAwarenessMessage,
  encodeUpdatesMessage,
} from './fanoutMessages.ts';

export interface RedisFanoutOptions {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS). */
  url: string;
  /** This process's name in messages, so it ignores its own. */
  instanceId: string;
  /**
   * Prefix of every channel name, so several deployments (or test runs) can share one Redis.
   * Default `concord:`.
   */
  channelPrefix?: string;
  /** Longest wait between reconnection attempts, in milliseconds. Default 1000. */
  maxReconnectDelayMs?: number;
  /**
   * Longest wait for a subscription to be confirmed before a room loads anyway (a resync follows
   * when Redis answers), in milliseconds. Default 2000.
   */
  subscribeTimeoutMs?: number;
  logger: Logger;
  metrics: Metrics;
  /** Milliseconds since the epoch. Defaults to `Date.now`. */
  now?: () => number;
}

export class RedisFanout implements Fanout {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly prefix: string;
  private readonly handlers = new Map<string, Set<RoomFanoutHandlers>>();
  private readonly accessListeners = new Set<(projectId: string | null) => void>();
  private readonly credentialListeners = new Set<(credentialIds: string[]) => void>();
  /** Channel of process-wide announcements (access changes), beside the rooms' channels. */
  private readonly controlChannel: string;
  private readonly now: () => number;
  private wasConnected = false;
  private closed = false;

  constructor(private readonly options: RedisFanoutOptions) {
    this.prefix = options.channelPrefix ?? 'concord:';
    this.controlChannel = `${this.prefix}control`;
    this.now = options.now ?? Date.now;
    const maxDelay = options.maxReconnectDelayMs ?? 1000;
    const common = {
      retryStrategy: (attempt: number) => Math.min(attempt * 100, maxDelay),
      // ioredis would otherwise give up on a command after 20 reconnection attempts.
      maxRetriesPerRequest: null,
    };
    // A publish while Redis is down fails at once instead of queueing: the update is durable and
    // reaches other instances through the log, and a late burst of stale messages helps nobody.
    this.publisher = new Redis(options.url, {
      ...common,
      enableOfflineQueue: false,
      connectionName: 'concord-pub',
    });
    // Subscriptions made while Redis is down wait in the queue; ioredis renews them on reconnect.
    this.subscriber = new Redis(options.url, { ...common, connectionName: 'concord-sub' });
    this.options.metrics.fanoutConnected.set(0);
    for (const connection of [this.publisher, this.subscriber]) {
      connection.on('ready', () => this.stateChanged());
      connection.on('close', () => this.stateChanged());
      // Connection errors are expected while Redis is away; the state change is what gets logged.
      connection.on('error', (err: Error) => this.options.logger.debug({ err }, 'redis connection error'));
    }
    this.subscriber.on('ready', () => void this.resubscribed());
    this.subscriber.subscribe(this.controlChannel).catch((err: unknown) => {
      this.options.metrics.fanoutErrors.inc({ operation: 'subscribe' });
      this.options.logger.warn({ err }, 'redis subscribe to the control channel failed');
    });
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.deliver(channel, message));
  }

  /** Both connections are up. */
  get connected(): boolean {
    return this.publisher.status === 'ready' && this.subscriber.status === 'ready';
  }

  publishUpdates(room: string, firstSeq: number, updates: readonly Uint8Array[]): void {
    this.publish(room, encodeUpdatesMessage(this.options.instanceId, this.now(), firstSeq, updates));
  }

  publishAwareness(room: string, update: Uint8Array): void {
    this.publish(room, encodeAwarenessMessage(this.options.instanceId, this.now(), update));
  }

  publishAccessChanged(projectId: string): void {
    this.publishOn(
      this.controlChannel,
      encodeAccessChangedMessage(this.options.instanceId, this.now(), projectId),
    );
  }

  onAccessChanged(listener: (projectId: string | null) => void): () => void {
    this.accessListeners.add(listener);
    return () => this.accessListeners.delete(listener);
  }

  publishCredentialsEnded(credentialIds: readonly string[]): void {
    if (credentialIds.length === 0) return;
    this.publishOn(
      this.controlChannel,
      encodeCredentialsEndedMessage(this.options.instanceId, this.now(), credentialIds),
    );
  }

  onCredentialsEnded(listener: (credentialIds: string[]) => void): () => void {
    this.credentialListeners.add(listener);
    return () => this.credentialListeners.delete(listener);
  }

  subscribe(room: string, roomHandlers: RoomFanoutHandlers): RoomSubscription {
    const channel = this.channel(room);
    let set = this.handlers.get(channel);
    const first = !set;
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
    }
    set.add(roomHandlers);
    let ready: Promise<void> = Promise.resolve();
    if (first) {
      const subscribed = this.subscriber.subscribe(channel).then(
        () => undefined,
        (err: unknown) => {
          this.options.metrics.fanoutErrors.inc({ operation: 'subscribe' });
          this.options.logger.warn({ err, room }, 'redis subscribe failed; the log watcher covers the room');
        },
      );
      // While Redis is down the room loads at once; the resync after reconnecting covers it.
      if (this.subscriber.status === 'ready')
        ready = withTimeout(subscribed, this.options.subscribeTimeoutMs ?? 2000);
    }
    return {
      ready,
      unsubscribe: () => {
        const current = this.handlers.get(channel);
        if (!current?.delete(roomHandlers) || current.size > 0) return;
        this.handlers.delete(channel);
        if (this.closed) return;
        this.subscriber.unsubscribe(channel).catch((err: unknown) => {
          this.options.logger.debug({ err, room }, 'redis unsubscribe failed');
        });
      },
    };
  }

  /** Closes both connections. */
  async close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
    this.accessListeners.clear();
    this.credentialListeners.clear();
    await Promise.all(
      [this.publisher, this.subscriber].map((c) =>
        c.status === 'ready'
          ? c.quit().then(
              () => undefined,
              () => c.disconnect(),
            )
          : c.disconnect(),
      ),
    );
    this.options.metrics.fanoutConnected.set(0);
  }

  private channel(room: string): string {
    return `${this.prefix}room:${room}`;
  }

  private publish(room: string, message: Uint8Array): void {
    this.publishOn(this.channel(room), message);
  }

  private publishOn(channel: string, message: Uint8Array): void {
    if (this.closed) return;
    this.publisher
      .publish(channel, Buffer.from(message.buffer, message.byteOffset, message.byteLength))
      .catch(() => {
        // Counted, not logged per message: during an outage that would be every update.
        this.options.metrics.fanoutErrors.inc({ operation: 'publish' });
      });
  }

  private deliver(channelBytes: Buffer, bytes: Buffer): void {
    const channel = channelBytes.toString();
    const set = this.handlers.get(channel);
    if (!set && channel !== this.controlChannel) return;
    let message;
    try {
      message = decodeFanoutMessage(bytes);
    } catch (err) {
      this.options.metrics.fanoutErrors.inc({ operation: 'decode' });
      this.options.logger.warn(
        { err, channel: channelBytes.toString() },
        'dropped a malformed fan-out message',
      );
      return;
    }
    if (message.instanceId === this.options.instanceId) return;
    if (message.type === 'accessChanged') {
      for (const listener of this.accessListeners) listener(message.projectId);
      return;
    }
    if (message.type === 'credentialsEnded') {
      for (const listener of this.credentialListeners) listener(message.credentialIds);
      return;
    }
    for (const handlers of set ?? []) {
      if (message.type === 'updates') {
        handlers.updates({ firstSeq: message.firstSeq, updates: message.updates, sentAt: message.sentAt });
      } else {
        handlers.awareness(message.update);
      }
    }
  }

  private stateChanged(): void {
    const connected = this.connected;
    this.options.metrics.fanoutConnected.set(connected ? 1 : 0);
    if (connected === this.wasConnected || this.closed) return;
    this.wasConnected = connected;
    if (connected) this.options.logger.info({}, 'redis fan-out connected');
    else
      this.options.logger.warn(
        {},
        'redis fan-out disconnected; serving local clients, catching up from the log',
      );
  }

  /**
   * After (re)connecting, messages published while the subscription was down are lost: once
   * Redis confirms the renewed subscriptions (a PING answered after them), every room catches
   * up from the log and every open connection's access is checked again.
   */
  private async resubscribed(): Promise<void> {
    if (this.closed || (this.handlers.size === 0 && this.accessListeners.size === 0)) return;
    try {
      await this.subscriber.ping();
    } catch {
      return; // Disconnected again; the next 'ready' comes back here.
    }
    for (const set of this.handlers.values()) for (const handlers of set) handlers.resync();
    for (const listener of this.accessListeners) listener(null);
  }
}

/** Resolves when `promise` settles or `ms` have passed, whichever comes first. */
function withTimeout(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    promise.then(done, done);
  });
}
