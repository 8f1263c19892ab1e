/**
 * Encoding and strict decoding of y-websocket frames. Decoding reads the whole frame before anything
 * acts on it, so a malformed frame changes nothing.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MessageType } from '../../shared/protocol.ts';

/** A decoded client frame. */
export type ClientMessage =
  | { type: 'syncStep1'; stateVector: Uint8Array }
  | { type: 'update'; update: Uint8Array }
  | { type: 'awareness'; entries: AwarenessEntry[] }
  | { type: 'queryAwareness' }
  | { type: 'auth' };

/** One client's entry in an awareness update; `state` is its JSON text ("null" when it left). */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: string;
}

/** Thrown for frames that do not decode; the connection that sent it is closed. */
export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError';
}

/** The update every empty sync step 2 carries: no structs, no deletions. */
const EMPTY_UPDATE_LENGTH = 2;

/** Decodes one frame completely, validating embedded Yjs and awareness payloads. */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    let message: ClientMessage;
    switch (type) {
      case MessageType.sync: {
        const sub = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (sub === syncProtocol.messageYjsSyncStep1) {
          Y.decodeStateVector(payload);
          message = { type: 'syncStep1', stateVector: payload };
        } else if (sub === syncProtocol.messageYjsSyncStep2 || sub === syncProtocol.messageYjsUpdate) {
          // Parse the update fully now: a broken one must never reach the log.
          Y.decodeUpdate(payload);
          message = { type: 'update', update: payload };
        } else {
          throw new MalformedMessageError(`unknown sync message type ${sub}`);
        }
        break;
      }
      case MessageType.awareness: {
        message = { type: 'awareness', entries: decodeAwarenessEntries(decoding.readVarUint8Array(decoder)) };
        break;
      }
      case MessageType.queryAwareness:
        message = { type: 'queryAwareness' };
        break;
      case MessageType.auth:
        decoding.readVarUint(decoder);
        message = { type: 'auth' };
        break;
      default:
        throw new MalformedMessageError(`unknown message type ${type}`);
    }
    if (decoding.hasContent(decoder)) throw new MalformedMessageError('trailing bytes after message');
    return message;
  } catch (err) {
    if (err instanceof MalformedMessageError) throw err;
    throw new MalformedMessageError(err instanceof Error ? err.message : 'undecodable frame', { cause: err });
  }
}

/** Whether an update carries nothing (clients send these as the answer to an up-to-date step 1). */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length <= EMPTY_UPDATE_LENGTH && update.every((b) => b === 0);
}

/** Splits an awareness update into its entries, validating each state's JSON on the way. */
function decodeAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = decoding.readVarString(decoder);
    JSON.parse(state) as unknown;
    entries.push({ clientId, clock, state });
  }
  if (decoding.hasContent(decoder)) throw new MalformedMessageError('trailing bytes in awareness update');
  return entries;
}

/** Re-encodes entries as an awareness update (the inverse of the decoding above). */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.state);
  }
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  return encoding.toUint8Array(encoder);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeAwareness(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}
