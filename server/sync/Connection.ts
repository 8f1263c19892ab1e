/**
 * One client's sync connection, independent of the transport: the room logic talks to this, never
 * to `ws`, so it can be driven by any socket that can send bytes and close.
 */
import type { PresenceDetail } from '../../shared/access.ts';

/** The least a transport must offer. */
export interface SyncSocket {
  send(data: Uint8Array): void;
  close(code: number, reason: string): void;
}

/** What the connection may do in its room. */
export type Access = 'read' | 'write';

/**
 * What a connection's access was decided on, kept so it can be decided again when roles, rounds
 * or credentials change.
 */
export interface ConnectionGrant {
  /** The project the room belongs to. */
  projectId: string;
  /** The session or API token that authenticated the upgrade; it ending ends the connection. */
  credentialId: string;
  /** `identity`: others receive only who this connection is, never its cursor or selection. */
  presence: PresenceDetail;
}

/** The authenticated person behind a connection. */
export interface ConnectionUser {
  id: string;
  name: string;
  isAdmin: boolean;
}

export class Connection {
  /** Awareness client ids this connection has announced; removed when it closes. */
  readonly awarenessClients = new Set<number>();
  private closed = false;
  /** Updates from this connection not yet durable (or refused). */
  private unsettled = 0;
  /** Settles once every update received so far from this connection is durable or refused. */
  private settledAll: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: SyncSocket,
    readonly access: Access,
    /** Who is connected: stamped on their presence, used to re-check access; null when anonymous. */
    readonly user: ConnectionUser | null = null,
    /** Null for connections the server opened without a signed-in user (tests, tools). */
    readonly grant: ConnectionGrant | null = null,
  ) {}

  get userId(): string | null {
    return this.user?.id ?? null;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(data: Uint8Array): void {
    if (this.closed) return;
    this.socket.send(data);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close(code, reason);
  }

  /** Records an update of this connection on its way to storage (resolves or rejects once settled). */
  track(write: Promise<void>): void {
    this.unsettled++;
    const settled = write.then(
      () => undefined,
      () => undefined,
    );
    const before = this.settledAll;
    this.settledAll = Promise.all([before, settled]).then(() => {
      this.unsettled--;
    });
  }

  /**
   * Runs `then` once every update received from this connection before now is settled: at once
   * when nothing is in flight, else later, in the order of the calls.
   */
  afterEarlierUpdates(then: () => void): void {
    if (this.unsettled === 0) then();
    else void this.settledAll.then(then);
  }

  /** Marks the connection closed by the peer. */
  markClosed(): void {
    this.closed = true;
  }
}
