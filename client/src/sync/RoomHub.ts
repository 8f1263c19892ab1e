/**
 * Opens the collaborative rooms the views need, shares each among the views that use it
 * (reference counted), keeps them in the browser (IndexedDB) so work survives going offline or
 * closing the tab, and reports connection and sync state for the status indicator.
 */
import { IndexeddbPersistence, clearDocument } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  CloseCode,
  maxEditBytes,
  parseRoomName,
  SYNC_PATH,
  type SyncLimits,
} from '../../../shared/protocol.ts';
import { watchAcknowledgements, type Acknowledgements } from './acknowledgements.ts';
import { summarizeRooms, type RoomState, type SyncSummary } from './syncSummary.ts';

/** A room in use: its document and the provider keeping it in sync. */
export interface RoomHandle {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** Resolves once the server's state has arrived (first sync), or the room was refused. */
  readonly whenSynced: Promise<void>;
  /** Resolves once the browser's copy is loaded (immediately without local persistence). */
  readonly whenLoaded: Promise<void>;
  /** Whether the server's state has arrived since the last (re)connection. */
  readonly synced: boolean;
  /** Set when the server closed the room for good (access withdrawn, e.g. a blind round). */
  readonly refused: number | null;
  /** Gives the room back; the last user closes it. */
  release(): void;
}

export interface RoomHubOptions {
  /** Origin of the sync endpoint, e.g. `ws://localhost:8080`; default: the page's own. */
  origin?: string;
  /** Keys the browser copies, so two people sharing a browser never see each other's rooms. */
  userId: string;
  /** Keep rooms in IndexedDB (off in environments without it). */
  persist: boolean;
  /** How long an unused room stays open, so moving between pages does not reconnect. */
  keepAliveMs?: number;
}

/** Prefix of every IndexedDB database the client creates. */
export const LOCAL_DB_PREFIX = 'concord:';

class RoomEntry {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly whenSynced: Promise<void>;
  readonly whenLoaded: Promise<void>;
  private readonly local: IndexeddbPersistence | null;
  private readonly acks: Acknowledgements;
  refs = 0;
  refused: number | null = null;
  closeTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly name: string,
    serverUrl: string,
    localName: string | null,
    private readonly onChange: () => void,
    connect: boolean,
    limits: () => SyncLimits | null,
  ) {
    this.local = localName ? new IndexeddbPersistence(localName, this.doc) : null;
    // Registered before the provider's own handler, so it runs first: an edit larger than the
    // server takes is never sent. The server would refuse it, and the provider would resend it on
    // every reconnect; instead the room stops here, with a message (views refuse such edits
    // before they are made; this catches any other way one is made).
    const kind = parseRoomName(name)?.kind;
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      const known = limits();
      if (!kind || !known || origin === this.provider || origin === this.local) return;
      if (update.length <= maxEditBytes(known, kind)) return;
      this.provider.disconnect();
      this.refused = CloseCode.roomTooLarge;
      this.onChange();
    });
    this.whenLoaded = this.local ? this.local.whenSynced.then(() => undefined) : Promise.resolve();
    // Cross-tab broadcast is off: every change goes through the server, which checks access.
    this.provider = new WebsocketProvider(serverUrl, name, this.doc, {
      disableBc: true,
      maxBackoffTime: 2500,
      connect,
    });
    let settle!: () => void;
    this.whenSynced = new Promise<void>((resolve) => (settle = resolve));
    this.provider.on('sync', (synced: boolean) => {
      if (synced) settle();
      this.onChange();
    });
    this.provider.on('status', () => this.onChange());
    this.provider.on('closed', (event: { code: number }) => {
      this.refused = event.code;
      settle();
      this.onChange();
    });
    // Only this user's own edits can be unsent; what came from the server or the local copy is not.
    // The count is kept beside the browser copy, so a reopened tab knows what it still has to send.
    this.acks = watchAcknowledgements(this.provider, {
      unsent: localName ? readUnsent(localName) : 0,
      isLocal: (origin) => origin !== this.provider && origin !== this.local,
      onChange: (unsent) => {
        if (localName) writeUnsent(localName, unsent);
        this.onChange();
      },
    });
  }

  get synced(): boolean {
    return this.provider.synced;
  }

  /** Changes made in this browser that the server has not confirmed as stored. */
  get unsent(): number {
    return this.acks.unsent;
  }

  state(): RoomState {
    return {
      connected: this.provider.wsconnected,
      synced: this.provider.synced,
      refused: this.refused,
      unsent: this.acks.unsent,
      place: placeOf(this.name),
    };
  }

  /** Closes the room; resolves once the browser copy's database is closed too. */
  destroy(): Promise<void> {
    this.acks.stop();
    this.provider.destroy();
    const closed = this.local?.destroy() ?? Promise.resolve();
    this.doc.destroy();
    return closed;
  }
}

/** What a room belongs to, as the indicator counts places: its document, or the codebook. */
export function placeOf(room: string): string {
  const name = parseRoomName(room);
  if (!name) return room;
  if (name.kind === 'memo') return `memo:${name.memoId}`;
  return name.kind === 'codebook' ? 'codebook' : name.documentId;
}

/** localStorage key of a room copy's count of unconfirmed changes. */
const unsentKey = (localName: string) => `${localName}:unsent`;

function readUnsent(localName: string): number {
  const value = Number(localStorage.getItem(unsentKey(localName)) ?? '0');
  return Number.isInteger(value) && value > 0 ? value : 0;
}

function writeUnsent(localName: string, unsent: number): void {
  if (unsent > 0) localStorage.setItem(unsentKey(localName), String(unsent));
  else localStorage.removeItem(unsentKey(localName));
}

/** Unconfirmed changes kept in this browser for a user, per room (from every page, open or not). */
export function unsentInBrowser(userId: string): Map<string, number> {
  const prefix = `${LOCAL_DB_PREFIX}${userId}:`;
  const found = new Map<string, number>();
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (!key?.startsWith(prefix) || !key.endsWith(':unsent')) continue;
    const count = readUnsent(key.slice(0, -':unsent'.length));
    if (count > 0) found.set(key.slice(prefix.length, -':unsent'.length), count);
  }
  return found;
}

/**
 * The rooms of one signed-in user. Fires `change` when any room's connection or sync state
 * changes; `summary()` says what the indicator shows.
 */
export class RoomHub extends EventTarget {
  private readonly rooms = new Map<string, RoomEntry>();
  private readonly serverUrl: string;
  private readonly keepAliveMs: number;
  private destroyed = false;
  /** What the server accepts, once known (`setLimits`). */
  private limits: SyncLimits | null = null;
  /** The browser says it is offline: rooms stay disconnected (and keep edits locally) until it is back. */
  private offline = typeof navigator !== 'undefined' && !navigator.onLine;
  private readonly onOffline = () => this.setOnline(false);
  private readonly onOnline = () => this.setOnline(true);

  constructor(private readonly options: RoomHubOptions) {
    super();
    const origin = options.origin ?? `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}`;
    this.serverUrl = `${origin}${SYNC_PATH}`;
    this.keepAliveMs = options.keepAliveMs ?? 10_000;
    window.addEventListener('offline', this.onOffline);
    window.addEventListener('online', this.onOnline);
    if (options.persist) this.resumeUnsent();
  }

  /**
   * Opens the rooms whose browser copies hold changes an earlier page could not send (a tab closed
   * offline), so they are sent and confirmed without the user having to open each document again.
   */
  private resumeUnsent(): void {
    for (const room of unsentInBrowser(this.options.userId).keys()) {
      const handle = this.acquire(room);
      const check = () => {
        const entry = this.rooms.get(room);
        if (!entry || entry.refused !== null || (entry.unsent === 0 && entry.synced)) {
          this.removeEventListener('change', check);
          handle.release();
        }
      };
      this.addEventListener('change', check);
    }
  }

  /** Changes not yet confirmed by the server, per room, in open rooms and browser copies alike. */
  unsent(): Map<string, number> {
    const all = this.options.persist ? unsentInBrowser(this.options.userId) : new Map<string, number>();
    for (const [name, entry] of this.rooms) {
      if (entry.unsent > 0) all.set(name, entry.unsent);
      else all.delete(name);
    }
    return all;
  }

  /** Resolves once nothing is waiting to be confirmed (or `signal` aborts). */
  async whenAllSaved(signal?: AbortSignal): Promise<void> {
    while (this.unsent().size > 0 && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.removeEventListener('change', done);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        this.addEventListener('change', done);
        signal?.addEventListener('abort', done);
      });
    }
  }

  /**
   * Follows the browser's network state. A socket can look open for a long time after the network
   * went away; disconnecting at once makes the indicator honest and marks edits as not yet sent,
   * and reconnecting runs the sync handshake that merges both sides.
   */
  private setOnline(online: boolean): void {
    this.offline = !online;
    for (const entry of this.rooms.values()) {
      if (entry.refused !== null) continue;
      if (online) entry.provider.connect();
      else entry.provider.disconnect();
    }
    this.changed();
  }

  /** The server's sync limits (`GET /api/limits`): larger local edits are not sent. */
  setLimits(limits: SyncLimits): void {
    this.limits = limits;
  }

  /** Opens (or shares) a room; call `release()` when done with it. */
  acquire(name: string): RoomHandle {
    if (this.destroyed) throw new Error('the room hub was closed');
    let entry = this.rooms.get(name);
    // A room the server refused for good is not reused: access may have come back (a round reopened).
    if (entry && entry.refused !== null && entry.refs === 0) {
      if (entry.closeTimer) clearTimeout(entry.closeTimer);
      this.rooms.delete(name);
      void entry.destroy();
      entry = undefined;
    }
    if (!entry) {
      const localName = this.options.persist ? this.localName(name) : null;
      entry = new RoomEntry(
        name,
        this.serverUrl,
        localName,
        () => this.changed(),
        !this.offline,
        () => this.limits,
      );
      this.rooms.set(name, entry);
      this.changed();
    }
    if (entry.closeTimer) {
      clearTimeout(entry.closeTimer);
      entry.closeTimer = null;
    }
    entry.refs++;
    const shared = entry;
    let released = false;
    // Each acquirer gets its own release, so releasing twice cannot close a room others still use.
    return {
      name: shared.name,
      doc: shared.doc,
      provider: shared.provider,
      whenSynced: shared.whenSynced,
      whenLoaded: shared.whenLoaded,
      get synced() {
        return shared.synced;
      },
      get refused() {
        return shared.refused;
      },
      release: () => {
        if (released) return;
        released = true;
        this.release(shared);
      },
    };
  }

  /** What the connection indicator shows. */
  summary(): SyncSummary {
    return summarizeRooms(
      [...this.rooms.values()].map((r) => r.state()),
      this.options.persist,
      typeof navigator === 'undefined' || navigator.onLine,
    );
  }

  /** Drops the browser's copy of a room the user may no longer open (e.g. a blind round began). */
  async forget(name: string): Promise<void> {
    if (!this.options.persist) return;
    const entry = this.rooms.get(name);
    if (entry) {
      // Still in use somewhere: keep it. Merely kept open for a quick return: close it now.
      if (entry.refs > 0) return;
      if (entry.closeTimer) clearTimeout(entry.closeTimer);
      this.rooms.delete(name);
      await entry.destroy();
      this.changed();
    }
    await clearDocument(this.localName(name));
  }

  /**
   * Throws away this browser's copy of a room and its count of unsent changes, even while the room
   * is open (the views showing it must be reloaded afterwards). For a room the server refuses as
   * too large: its browser copy would otherwise send the same changes again on every visit.
   */
  async discardLocalCopy(name: string): Promise<void> {
    const entry = this.rooms.get(name);
    if (entry) {
      if (entry.closeTimer) clearTimeout(entry.closeTimer);
      this.rooms.delete(name);
      await entry.destroy();
      this.changed();
    }
    if (!this.options.persist) return;
    const localName = this.localName(name);
    writeUnsent(localName, 0);
    await clearDocument(localName);
  }

  /** Closes every room; resolves once the browser copies are closed (so they can be deleted). */
  async destroy(): Promise<void> {
    this.destroyed = true;
    window.removeEventListener('offline', this.onOffline);
    window.removeEventListener('online', this.onOnline);
    const closing = [...this.rooms.values()].map((entry) => {
      if (entry.closeTimer) clearTimeout(entry.closeTimer);
      return entry.destroy();
    });
    this.rooms.clear();
    this.changed();
    await Promise.all(closing);
  }

  private localName(room: string): string {
    return `${LOCAL_DB_PREFIX}${this.options.userId}:${room}`;
  }

  private release(entry: RoomEntry): void {
    entry.refs = Math.max(0, entry.refs - 1);
    if (entry.refs > 0 || entry.closeTimer) return;
    entry.closeTimer = setTimeout(() => {
      entry.closeTimer = null;
      if (entry.refs > 0 || this.rooms.get(entry.name) !== entry) return;
      this.rooms.delete(entry.name);
      void entry.destroy();
      this.changed();
    }, this.keepAliveMs);
  }

  private changed(): void {
    this.dispatchEvent(new Event('change'));
  }
}

/**
 * Deletes the room copies this client kept in the browser (on sign-out), with their counts of
 * unconfirmed changes: every user's, or one user's when `userId` is given.
 */
export async function clearLocalRooms(userId?: string): Promise<void> {
  const prefix = userId === undefined ? LOCAL_DB_PREFIX : `${LOCAL_DB_PREFIX}${userId}:`;
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    if (key?.startsWith(prefix) && key.endsWith(':unsent')) localStorage.removeItem(key);
  }
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return;
  const dbs = await indexedDB.databases();
  await Promise.all(
    dbs
      .map((d) => d.name)
      .filter((n): n is string => n !== undefined && n.startsWith(prefix))
      .map((n) => clearDocument(n)),
  );
}

/** Whether a close code means the server will not let this user back into the room. */
export function isAccessWithdrawn(code: number | null): boolean {
  return code === CloseCode.forbidden || code === CloseCode.unauthorized || code === CloseCode.notFound;
}
