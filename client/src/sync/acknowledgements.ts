/**
 * Knows which of this browser's changes to a room the server has stored. The server answers a
 * sync step 1 only after everything the same connection sent before it is durable (see
 * `server/sync/Room.ts`), so after sending its changes the client asks again (a plain sync step 1,
 * part of the stock protocol) and counts the changes made before asking as saved once the answer
 * (a sync step 2) arrives. Answers come in the order the questions were sent.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebsocketProvider } from 'y-websocket';
import * as syncProtocol from 'y-protocols/sync';

/** y-websocket's message type for sync messages. */
const MESSAGE_SYNC = 0;

/**
 * The bookkeeping, without sockets: `made` counts this browser's own changes (transactions),
 * `acked` how many of them the server is known to hold.
 */
export class AckCounter {
  private made: number;
  private acked = 0;
  /** For each unanswered question on the current connection: `made` when it was asked, or -1. */
  private asked: number[] = [];
  private open = false;

  /** `unsent`: changes a previous page left unconfirmed (kept in the browser's copy). */
  constructor(unsent = 0) {
    this.made = unsent;
  }

  /** Changes not yet confirmed as stored. */
  get unsent(): number {
    return this.made - this.acked;
  }

  /** This browser made a change. */
  changed(): void {
    this.made++;
  }

  /**
   * A connection opened; the provider's own first question is on its way. Its answer confirms
   * nothing: it may be sent before the changes this browser sends in the handshake arrive.
   */
  connected(): void {
    this.open = true;
    this.asked = [-1];
  }

  /** The connection closed: questions on it will not be answered. */
  disconnected(): void {
    this.open = false;
    this.asked = [];
  }

  /** Whether to ask now: connected, synced, something unconfirmed and no question pending. */
  shouldAsk(synced: boolean): boolean {
    return this.open && synced && this.unsent > 0 && this.asked.length === 0;
  }

  /** A question was sent. */
  asking(): void {
    this.asked.push(this.made);
  }

  /** An answer arrived: what was made before its question is stored. */
  answered(): void {
    const made = this.asked.shift();
    if (made !== undefined && made > this.acked) this.acked = made;
  }
}

/** What `watchAcknowledgements` returns. */
export interface Acknowledgements {
  /** Changes made in this browser that the server has not confirmed yet. */
  readonly unsent: number;
  /** Stops watching. */
  stop(): void;
}

/**
 * Follows a provider's connection and counts its document's local changes until the server
 * confirms them. `isLocal(origin)` tells this browser's own changes from those that arrived;
 * `onChange(unsent)` fires whenever the count changes.
 */
export function watchAcknowledgements(
  provider: WebsocketProvider,
  options: { unsent?: number; isLocal: (origin: unknown) => boolean; onChange: (unsent: number) => void },
): Acknowledgements {
  const counter = new AckCounter(options.unsent ?? 0);
  let last = counter.unsent;
  const report = () => {
    if (counter.unsent === last) return;
    last = counter.unsent;
    options.onChange(last);
  };
  let askScheduled = false;
  const ask = () => {
    askScheduled = false;
    const ws = provider.ws;
    if (!ws || ws.readyState !== ws.OPEN || !counter.shouldAsk(provider.synced)) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, provider.doc);
    counter.asking();
    ws.send(encoding.toUint8Array(encoder));
  };
  // Many changes in one task (a paste, "code all hits") are confirmed by one question.
  const scheduleAsk = () => {
    if (askScheduled) return;
    askScheduled = true;
    queueMicrotask(ask);
  };

  const original = provider.messageHandlers[MESSAGE_SYNC]!;
  provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, type) => {
    const kind = decoding.peekVarUint(decoder);
    original(encoder, decoder, p, emitSynced, type);
    if (kind !== syncProtocol.messageYjsSyncStep2) return;
    counter.answered();
    report();
    scheduleAsk();
  };
  const onStatus = ({ status }: { status: string }) => {
    if (status === 'connected') counter.connected();
    else if (status === 'disconnected') counter.disconnected();
  };
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (!options.isLocal(origin)) return;
    counter.changed();
    report();
    scheduleAsk();
  };
  // A provider may already be connected: its first question is in flight, or answered if synced.
  if (provider.wsconnected) {
    counter.connected();
    if (provider.synced) counter.answered();
  }
  provider.on('status', onStatus);
  provider.doc.on('update', onUpdate);
  return {
    get unsent() {
      return counter.unsent;
    },
    stop() {
      provider.messageHandlers[MESSAGE_SYNC] = original;
      provider.off('status', onStatus);
      provider.doc.off('update', onUpdate);
    },
  };
}
