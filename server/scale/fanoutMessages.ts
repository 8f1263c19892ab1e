/**
 * The binary messages instances exchange over pub/sub, one per published batch of updates or
 * presence change. Decoding is strict: a message that does not decode completely is dropped
 * (and counted) without acting on any part of it.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { AppError } from '../../shared/errors.ts';

/** First byte of every message: what it carries. */
export const FanoutMessageKind = {
  updates: 0,
  awareness: 1,
  accessChanged: 2,
  credentialsEnded: 3,
} as const;

/** A decoded fan-out message. */
export type FanoutMessage =
  | {
      type: 'updates';
      /** The publishing instance (its own messages come back to it and are ignored). */
      instanceId: string;
      /** The publisher's clock at publishing, in milliseconds since the epoch. */
      sentAt: number;
      /** Log sequence number of the first update; the others follow consecutively. */
      firstSeq: number;
      updates: Uint8Array[];
    }
  | { type: 'awareness'; instanceId: string; sentAt: number; update: Uint8Array }
  /** Roles or the round of a project changed: every instance re-checks its connections. */
  | { type: 'accessChanged'; instanceId: string; sentAt: number; projectId: string }
  /** Sessions or API tokens ended (signed out, revoked): every instance closes what they opened. */
  | { type: 'credentialsEnded'; instanceId: string; sentAt: number; credentialIds: string[] };

/** Encodes updates appended to a room's log, numbered from `firstSeq`. */
export function encodeUpdatesMessage(
  instanceId: string,
  sentAt: number,
  firstSeq: number,
  updates: readonly Uint8Array[],
): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, FanoutMessageKind.updates);
  encoding.writeVarString(encoder, instanceId);
  encoding.writeFloat64(encoder, sentAt);
  encoding.writeVarUint(encoder, firstSeq);
  encoding.writeVarUint(encoder, updates.length);
  for (const update of updates) encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Encodes a presence change (a y-protocols awareness update). */
export function encodeAwarenessMessage(instanceId: string, sentAt: number, update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, FanoutMessageKind.awareness);
  encoding.writeVarString(encoder, instanceId);
  encoding.writeFloat64(encoder, sentAt);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Encodes an access change of a project. */
export function encodeAccessChangedMessage(
  instanceId: string,
  sentAt: number,
  projectId: string,
): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, FanoutMessageKind.accessChanged);
  encoding.writeVarString(encoder, instanceId);
  encoding.writeFloat64(encoder, sentAt);
  encoding.writeVarString(encoder, projectId);
  return encoding.toUint8Array(encoder);
}

/** Encodes the ids of sessions or API tokens that ended. */
export function encodeCredentialsEndedMessage(
  instanceId: string,
  sentAt: number,
  credentialIds: readonly string[],
): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, FanoutMessageKind.credentialsEnded);
  encoding.writeVarString(encoder, instanceId);
  encoding.writeFloat64(encoder, sentAt);
  encoding.writeVarUint(encoder, credentialIds.length);
  for (const id of credentialIds) encoding.writeVarString(encoder, id);
  return encoding.toUint8Array(encoder);
}

/** Decodes a whole message; throws a `badRequest` AppError when it is malformed. */
export function decodeFanoutMessage(bytes: Uint8Array): FanoutMessage {
  let message: FanoutMessage;
  const decoder = decoding.createDecoder(bytes);
  try {
    const kind = decoding.readVarUint(decoder);
    const instanceId = decoding.readVarString(decoder);
    const sentAt = decoding.readFloat64(decoder);
    if (!Number.isFinite(sentAt)) throw new RangeError('bad timestamp');
    if (kind === FanoutMessageKind.updates) {
      const firstSeq = decoding.readVarUint(decoder);
      const count = decoding.readVarUint(decoder);
      if (firstSeq < 1 || count < 1) throw new RangeError('empty or unnumbered batch');
      const updates: Uint8Array[] = [];
      for (let i = 0; i < count; i++) updates.push(decoding.readVarUint8Array(decoder));
      message = { type: 'updates', instanceId, sentAt, firstSeq, updates };
    } else if (kind === FanoutMessageKind.awareness) {
      message = { type: 'awareness', instanceId, sentAt, update: decoding.readVarUint8Array(decoder) };
    } else if (kind === FanoutMessageKind.accessChanged) {
      message = { type: 'accessChanged', instanceId, sentAt, projectId: decoding.readVarString(decoder) };
    } else if (kind === FanoutMessageKind.credentialsEnded) {
      const count = decoding.readVarUint(decoder);
      const credentialIds: string[] = [];
      for (let i = 0; i < count; i++) credentialIds.push(decoding.readVarString(decoder));
      message = { type: 'credentialsEnded', instanceId, sentAt, credentialIds };
    } else {
      throw new RangeError(`unknown kind ${kind}`);
    }
  } catch (err) {
    throw new AppError('badRequest', `malformed fan-out message: ${(err as Error).message}`, undefined, {
      cause: err,
    });
  }
  if (decoding.hasContent(decoder))
    throw new AppError('badRequest', 'malformed fan-out message: trailing bytes');
  return message;
}
