/**
 * The wire contract shared by server, client and CLI: room names, y-websocket message types and
 * close codes. One file, imported everywhere, so the two ends cannot drift apart.
 */
import { z } from 'zod';

/** y-websocket top-level message types (first varuint of every binary frame). */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/**
 * WebSocket close codes. 1xxx are the RFC 6455 ones we use; 44xx mirror HTTP statuses so a client
 * can tell "fix your credentials" from "retry later".
 */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  unsupportedData: 1003,
  invalidPayload: 1007,
  tooLarge: 1009,
  internalError: 1011,
  badRequest: 4400,
  unauthorized: 4401,
  forbidden: 4403,
  notFound: 4404,
  /**
   * An edit was refused for its size: larger than one edit of this kind of room may be, or it
   * would grow the room past its limit (see `RoomLimits`). Nothing was applied or relayed. Final
   * (4xxx): the edit is still in the client's copy, so reconnecting would only send it again.
   */
  roomTooLarge: 4413,
  /** Storage refused the write: nothing was applied or relayed; reconnecting resends the edits. */
  storageUnavailable: 4503,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Identifiers are opaque: letters, digits, `_` and `-`, so they can sit inside a room name. */
export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'ids use letters, digits, "_" and "-" only');
export type Id = z.infer<typeof IdSchema>;

/** The reserved coder id of the reviewers' consensus layer. */
export const CONSENSUS = 'consensus';

/** Every collaborative document is one room; its name says what it holds. */
export type RoomName =
  | { kind: 'codebook'; projectId: Id }
  | { kind: 'text'; documentId: Id }
  /** `coderId` is the layer key: a coder's id, or a recode layer's `<coderId>~<roundId>`. */
  | { kind: 'layer'; documentId: Id; coderId: string }
  /** A memo's body (`Y.Text` named `body`); its metadata (author, kind, links) is relational. */
  | { kind: 'memo'; projectId: Id; memoId: Id };

/** Separates a coder's id from the round id in the key of a recode layer. */
export const RECODE_SEPARATOR = '~';

/**
 * The layer key of a coder's recode layer in a round with `recode: true`: `<coderId>~<roundId>`,
 * so its room is `layer:<documentId>:<coderId>~<roundId>`. `~` is outside the id alphabet, so the
 * key never collides with a coder's id and its owner is read off it without a lookup.
 */
export function recodeLayerKey(coderId: Id, roundId: Id): string {
  return `${coderId}${RECODE_SEPARATOR}${roundId}`;
}

/** The coder a layer key belongs to: the key itself, or the coder of a recode layer. */
export function layerOwner(layerKey: string): string {
  const at = layerKey.indexOf(RECODE_SEPARATOR);
  return at < 0 ? layerKey : layerKey.slice(0, at);
}

/** Whether a layer key names a recode layer (kept out of the coders of agreement and exports). */
export function isRecodeLayer(layerKey: string): boolean {
  return layerKey.includes(RECODE_SEPARATOR);
}

export const roomName = {
  codebook: (projectId: Id): string => `codebook:${projectId}`,
  text: (documentId: Id): string => `text:${documentId}`,
  layer: (documentId: Id, coderId: Id): string => `layer:${documentId}:${coderId}`,
  memo: (projectId: Id, memoId: Id): string => `memo:${projectId}:${memoId}`,
} as const;

const idPart = '([A-Za-z0-9_-]{1,64})';
const ROOM_PATTERNS = {
  codebook: new RegExp(`^codebook:${idPart}$`),
  text: new RegExp(`^text:${idPart}$`),
  // The layer key: a coder's id, or `<coderId>~<roundId>` for a recode layer.
  layer: new RegExp(`^layer:${idPart}:([A-Za-z0-9_-]{1,64}(?:~[A-Za-z0-9_-]{1,64})?)$`),
  memo: new RegExp(`^memo:${idPart}:${idPart}$`),
} as const;

/** Parses a room name, or returns null when it is not one of ours. */
export function parseRoomName(name: string): RoomName | null {
  let m = ROOM_PATTERNS.codebook.exec(name);
  if (m) return { kind: 'codebook', projectId: m[1]! };
  m = ROOM_PATTERNS.text.exec(name);
  if (m) return { kind: 'text', documentId: m[1]! };
  m = ROOM_PATTERNS.layer.exec(name);
  if (m) return { kind: 'layer', documentId: m[1]!, coderId: m[2]! };
  m = ROOM_PATTERNS.memo.exec(name);
  if (m) return { kind: 'memo', projectId: m[1]!, memoId: m[2]! };
  return null;
}

/** Size limits of one kind of room, in bytes of Yjs update encoding. */
export const RoomLimitSchema = z.object({
  /** Largest single update (one edit, or the changes a client sends on reconnecting). */
  maxUpdateBytes: z.number().int().positive(),
  /** Largest the room's document may grow to (its encoded state). */
  maxRoomBytes: z.number().int().positive(),
});
export type RoomLimit = z.infer<typeof RoomLimitSchema>;

/**
 * What the sync endpoint accepts (`GET /api/limits`): the largest websocket frame, and per kind of
 * room the largest edit and document. Clients refuse larger edits before sending them.
 */
export const SyncLimitsSchema = z.object({
  maxFrameBytes: z.number().int().positive(),
  rooms: z.object({
    text: RoomLimitSchema,
    layer: RoomLimitSchema,
    codebook: RoomLimitSchema,
    memo: RoomLimitSchema,
  }),
});
export type SyncLimits = z.infer<typeof SyncLimitsSchema>;
export type RoomLimits = SyncLimits['rooms'];

/**
 * The largest edit a client may send to a kind of room: the room's own limit, and the frame
 * limit less a margin for the message header (message type, sync type, length: under 16 bytes).
 */
export function maxEditBytes(limits: SyncLimits, kind: RoomName['kind']): number {
  return Math.min(limits.rooms[kind].maxUpdateBytes, limits.maxFrameBytes - 16);
}

/** Path prefix of the sync endpoint: `ws://host/sync/<room>`. */
export const SYNC_PATH = '/sync';

/** The HttpOnly cookie that carries a browser's session secret. */
export const SESSION_COOKIE = 'concord_session';
/** The readable cookie holding the session's CSRF secret, echoed back in `CSRF_HEADER`. */
export const CSRF_COOKIE = 'concord_csrf';
export const CSRF_HEADER = 'x-csrf-token';
