/**
 * How a room hears about other instances' writes and presence. The room logic depends only on
 * this; `server/scale/RedisFanout.ts` implements it over Redis pub/sub. Delivery is at most once
 * and unordered between publishers: every update is already in the shared log before it is
 * published, so a room repairs any gap from storage by sequence number.
 */

/** Updates another instance appended to a room's log, numbered `firstSeq`, `firstSeq + 1`, … */
export interface RemoteUpdates {
  firstSeq: number;
  updates: Uint8Array[];
  /** The publisher's clock when it published, in milliseconds since the epoch (for lag). */
  sentAt: number;
}

/** What a room does with messages from other instances. */
export interface RoomFanoutHandlers {
  updates(message: RemoteUpdates): void;
  /** An awareness update (y-protocols encoding) from another instance's clients. */
  awareness(update: Uint8Array): void;
  /** Messages may have been lost (the transport reconnected): catch up from storage. */
  resync(): void;
}

/** A room's subscription to other instances' messages. */
export interface RoomSubscription {
  /**
   * Resolves once messages published from now on will be delivered (or at once while the
   * transport is down; `resync` follows its recovery). A room reads storage only after this, so
   * nothing published between that read and the subscription is missed.
   */
  ready: Promise<void>;
  unsubscribe(): void;
}

/** The room-facing side of cross-instance fan-out. Publishing never throws and never waits. */
export interface RoomFanout {
  /** Tells other instances about updates this one appended (already durable). */
  publishUpdates(room: string, firstSeq: number, updates: readonly Uint8Array[]): void;
  /** Tells other instances about a presence change of this instance's clients. */
  publishAwareness(room: string, update: Uint8Array): void;
  subscribe(room: string, handlers: RoomFanoutHandlers): RoomSubscription;
}

/** A process's fan-out: what rooms use, plus its state and shutdown. */
export interface Fanout extends RoomFanout {
  /** Connected to the transport right now (readiness, logs). */
  readonly connected: boolean;
  /** Tells the other instances that access to a project changed: they re-check their connections. */
  publishAccessChanged(projectId: string): void;
  /**
   * Calls `listener` when another instance announces an access change, and with null after the
   * transport reconnects (announcements may have been lost: re-check everything).
   * Returns the unsubscribe.
   */
  onAccessChanged(listener: (projectId: string | null) => void): () => void;
  /** Tells the other instances that sessions or API tokens ended: they close what those opened. */
  publishCredentialsEnded(credentialIds: readonly string[]): void;
  /**
   * Calls `listener` when another instance announces ended credentials. Announcements lost while
   * the transport was down are made good by each instance's database check. Returns the unsubscribe.
   */
  onCredentialsEnded(listener: (credentialIds: string[]) => void): () => void;
  close(): Promise<void>;
}
