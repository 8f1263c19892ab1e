/**
 * Keeps loaded rooms in memory while anyone uses them. Loading is shared by concurrent callers;
 * a room nobody holds unloads after a grace period (flushed and compacted first), freeing memory.
 */
import { nextTurn } from '../timeSlice.ts';
import { CloseCode } from '../../shared/protocol.ts';
import { Room, type RoomDeps } from './Room.ts';
import type * as Y from 'yjs';

export interface RoomRegistryOptions extends RoomDeps {
  /** How long an unused room stays loaded, in milliseconds. */
  unloadAfterMs: number;
}

interface Entry {
  loading: Promise<Room>;
  room: Room | null;
  holders: number;
  timer: NodeJS.Timeout | null;
  unloading: Promise<void> | null;
}

export class RoomRegistry {
  private readonly entries = new Map<string, Entry>();
  /** The unloads under way or waiting, one after another (see `unload`). */
  private unloadQueue: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(room: string) => void>();
  private readonly roomDeps: RoomDeps;
  private closing = false;

  constructor(private readonly options: RoomRegistryOptions) {
    this.roomDeps = {
      ...options,
      onChange: (room) => this.announce(room),
    };
  }

  /** Calls `listener` with a room's name whenever updates were applied to it; returns the unsubscribe. */
  onChange(listener: (room: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells the change listeners about a room whose meaning changed outside its document. */
  announce(room: string): void {
    for (const listener of this.listeners) listener(room);
  }

  /** Number of rooms in memory. */
  get size(): number {
    return this.entries.size;
  }

  /** Rooms currently in memory. */
  loadedRooms(): Room[] {
    return [...this.entries.values()].flatMap((e) => (e.room ? [e.room] : []));
  }

  /** The loaded room, if any (no loading, no hold). */
  peek(name: string): Room | null {
    return this.entries.get(name)?.room ?? null;
  }

  /** Loads (or reuses) a room and holds it until `release`. */
  async acquire(name: string): Promise<Room> {
    if (this.closing) throw new Error('server is shutting down');
    for (;;) {
      const existing = this.entries.get(name);
      if (existing?.unloading) {
        await existing.unloading;
        continue;
      }
      const entry = existing ?? this.startLoading(name);
      entry.holders++;
      if (entry.timer) {
        clearTimeout(entry.timer);
        entry.timer = null;
      }
      try {
        return await entry.loading;
      } catch (err) {
        entry.holders--;
        throw err;
      }
    }
  }

  /** Gives back a hold taken by `acquire`. */
  release(room: Room): void {
    const entry = this.entries.get(room.name);
    if (!entry || entry.room !== room) return;
    entry.holders = Math.max(0, entry.holders - 1);
    if (entry.holders === 0 && !this.closing) {
      entry.timer = setTimeout(() => this.unload(room.name, entry), this.options.unloadAfterMs);
      entry.timer.unref();
    }
  }

  /** Runs `fn` with the room held, releasing it afterwards. */
  async withRoom<T>(name: string, fn: (room: Room) => Promise<T> | T): Promise<T> {
    const room = await this.acquire(name);
    try {
      return await fn(room);
    } finally {
      this.release(room);
    }
  }

  /** Applies a server-side change to a room through the persist-first path. */
  async change(name: string, mutate: (doc: Y.Doc) => void): Promise<void> {
    await this.withRoom(name, (room) => room.change(mutate));
  }

  /**
   * Frees a room whose content is being deleted: its connections close with `code` and `reason`,
   * updates already queued are written out, and — unlike unloading — no snapshot is stored, so
   * nothing of it is written after the caller deletes it from storage. Resolves once it is gone
   * from memory (at once when it was not loaded).
   */
  async discard(name: string, code: number, reason: string): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) return;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    const room = await entry.loading.catch(() => null);
    if (!room) return;
    if (entry.unloading) return entry.unloading;
    entry.unloading = (async () => {
      // Closing first stops new edits arriving; what was already accepted is drained so that no
      // write lands after the caller's delete.
      for (const conn of room.connectionList()) conn.close(code, reason);
      await room.drain();
      room.destroy(code, reason);
    })().finally(() => {
      if (this.entries.get(name) === entry) this.entries.delete(name);
      this.options.metrics.roomsLoaded.set(this.entries.size);
    });
    await entry.unloading;
  }

  /** Flushes, compacts and frees every room; connections are closed with 1001 (going away). */
  async closeAll(): Promise<void> {
    this.closing = true;
    const entries = [...this.entries.entries()];
    await Promise.all(
      entries.map(async ([name, entry]) => {
        if (entry.timer) clearTimeout(entry.timer);
        const room = await entry.loading.catch(() => null);
        if (room) await this.shutdownRoom(room, CloseCode.goingAway, 'server shutting down');
        this.entries.delete(name);
      }),
    );
    this.options.metrics.roomsLoaded.set(this.entries.size);
  }

  private startLoading(name: string): Entry {
    const entry: Entry = {
      loading: Room.load(name, this.roomDeps),
      room: null,
      holders: 0,
      timer: null,
      unloading: null,
    };
    this.entries.set(name, entry);
    entry.loading.then(
      (room) => {
        entry.room = room;
        this.options.metrics.roomsLoaded.set(this.entries.size);
      },
      (err: unknown) => {
        // Forget the failed load so the next caller tries again.
        if (this.entries.get(name) === entry) this.entries.delete(name);
        this.options.metrics.storageErrors.inc({ operation: 'load' });
        this.options.logger.error({ err, room: name }, 'room failed to load');
      },
    );
    return entry;
  }

  /**
   * Unloads a room nobody has held for the grace period, each in an event-loop turn of its own
   * after every unload queued before it: rooms read together (a report or export reads every
   * document's rooms) fall idle together, and their timers then fire in one timers phase; doing
   * every compaction there held the loop for seconds (7 s for a thousand transcripts). A room held
   * again, or released again, while it waits its turn stays loaded.
   */
  private unload(name: string, entry: Entry): void {
    entry.timer = null;
    if (entry.holders > 0 || entry.unloading || !entry.room) return;
    const run = this.unloadQueue.then(nextTurn).then(async () => {
      if (entry.holders > 0 || entry.unloading || entry.timer || !entry.room) return;
      if (this.entries.get(name) !== entry) return;
      const room = entry.room;
      entry.unloading = this.shutdownRoom(room, CloseCode.goingAway, 'room unloaded').finally(() => {
        if (this.entries.get(name) === entry) this.entries.delete(name);
        this.options.metrics.roomsLoaded.set(this.entries.size);
      });
      await entry.unloading;
    });
    // A failed unload is logged where it fails (compaction) and must not stop the ones after it.
    this.unloadQueue = run.catch(() => undefined);
  }

  private async shutdownRoom(room: Room, code: number, reason: string): Promise<void> {
    await room.drain();
    await room.compact();
    room.destroy(code, reason);
  }
}
