/** What the connection indicator shows, from the state of each open room. Pure. */
import { CloseCode } from '../../../shared/protocol.ts';

/** One room's connection as the indicator sees it. */
export interface RoomState {
  connected: boolean;
  synced: boolean;
  /** Close code when the server refused the room for good. */
  refused: number | null;
  /** Changes made in this browser that the server has not confirmed as stored. */
  unsent: number;
  /** What the room belongs to, as a person counts places: a document's id, or `codebook`. */
  place?: string;
}

export type SyncLevel = 'idle' | 'synced' | 'syncing' | 'offline';

export interface SyncSummary {
  level: SyncLevel;
  rooms: number;
  /** Rooms with local changes that have not reached the server yet. */
  pendingRooms: number;
  /** Changes made in this browser that the server has not confirmed as stored, all rooms together. */
  unsent: number;
  /** Short text for the indicator. */
  label: string;
}

/**
 * Where unsaved edits are, in words: "1 document", "2 documents and the codebook". Edits are
 * counted as the rooms record them (a keystroke in a memo is one), which a person would misread
 * as codings, so the label names places and the exact count goes in `unsent`.
 */
export function unsavedPlaces(rooms: readonly { place?: string; unsent: number }[]): string {
  const documents = new Set<string>();
  let codebook = false;
  for (const r of rooms) {
    if (r.unsent === 0) continue;
    if (r.place === 'codebook') codebook = true;
    else documents.add(r.place ?? '?');
  }
  const parts = [
    documents.size > 0 ? `${documents.size} ${documents.size === 1 ? 'document' : 'documents'}` : null,
    codebook ? 'the codebook' : null,
  ].filter((p): p is string => p !== null);
  return parts.join(' and ') || 'this project';
}

/**
 * "All changes saved" only when the server has confirmed every change this browser made; otherwise
 * where edits are waiting and whether they are kept in this browser (`persisted`). `browserOnline`
 * tells a lost network from a server that does not answer.
 */
export function summarizeRooms(
  rooms: readonly RoomState[],
  persisted = true,
  browserOnline = true,
): SyncSummary {
  const live = rooms.filter((r) => r.refused === null);
  const pendingRooms = live.filter((r) => r.unsent > 0).length;
  const unsent = live.reduce((sum, r) => sum + r.unsent, 0);
  const edits = `edits to ${unsavedPlaces(live)}`;
  const base = { rooms: live.length, pendingRooms, unsent };
  // An edit too large to save stops its room for good: say so until the page is reloaded.
  const tooLarge = rooms.filter((r) => r.refused === CloseCode.roomTooLarge).length;
  if (tooLarge > 0) {
    return { level: 'offline', ...base, label: 'An edit was too large to save — reload the page to go on' };
  }
  if (live.length === 0) return { level: 'idle', ...base, label: 'Online' };
  const offline = live.filter((r) => !r.connected).length;
  if (offline > 0) {
    const why = browserOnline ? 'Can’t reach the server' : 'Offline';
    const label =
      unsent === 0
        ? `${why} — reconnecting`
        : persisted
          ? `${why} — ${edits} kept in this browser`
          : `${why} — ${edits} not saved yet`;
    return { level: 'offline', ...base, label };
  }
  if (unsent > 0) return { level: 'syncing', ...base, label: `Saving ${edits}…` };
  const syncing = live.filter((r) => !r.synced).length;
  if (syncing > 0) return { level: 'syncing', ...base, label: 'Syncing…' };
  return { level: 'synced', ...base, label: 'All changes saved' };
}
