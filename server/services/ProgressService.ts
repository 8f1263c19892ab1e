/**
 * Coding progress per document and layer as derived data (docs/capacity.md, "Progress as derived
 * data"): the project page asks for every document's progress at once, and reading every layer
 * room of a 1,000-document study for it took seconds. The figures are stored with the log
 * positions of the text and layer rooms they were derived from, rewritten (debounced) whenever
 * one of those rooms changes on this instance, and checked on every read against the rooms' log
 * positions: a document whose rooms moved (a change through another instance, a crash before the
 * debounced rewrite, an import) is derived again before the answer, so an answer is never stale.
 */
import { nextTurn } from '../timeSlice.ts';
import * as Y from 'yjs';
import { readCodedDocument, type Layer } from '../../shared/model/codedDocument.ts';
import {
  isCurrent,
  layerProgress,
  type DocumentProgress,
  type DocumentRooms,
  type ProjectProgress,
  type StoredLayerProgress,
} from '../../shared/progress/progress.ts';
import { isRecodeLayer, parseRoomName, roomName } from '../../shared/protocol.ts';
import type { Logger } from '../logger.ts';
import type { Storage } from '../storage/Storage.ts';
import type { RoomRegistry } from '../sync/RoomRegistry.ts';
import { TaskGate } from './import/taskGate.ts';

export interface ProgressServiceDeps {
  storage: Pick<Storage, 'progress' | 'loadRoom' | 'listDocuments' | 'listRooms'>;
  registry: Pick<RoomRegistry, 'onChange' | 'peek'>;
  logger: Logger;
  /** How long after a document's last change its progress is derived again (ms; default 1000). */
  refreshDebounceMs?: number;
  /** Documents derived at once (default 2: the server's other core stays free for sync). */
  parallel?: number;
}

/** A room's state as read for deriving: its document and the log position it holds. */
interface RoomState {
  doc: Y.Doc;
  seq: number;
  /** Whether the doc was built for this reading (and is to be destroyed after it). */
  owned: boolean;
}

export class ProgressService {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  /** Derivations under way, by document: concurrent readers wait for the same one. */
  private readonly deriving = new Map<string, Promise<StoredLayerProgress[]>>();
  private readonly gate: TaskGate;
  private unsubscribe: (() => void) | null = null;
  /** Set by `stop`: derivations still waiting their turn are dropped (a reading derives them). */
  private stopped = false;

  constructor(private readonly deps: ProgressServiceDeps) {
    this.gate = new TaskGate(deps.parallel ?? 2);
  }

  /** Starts following text and layer rooms' changes on this instance. */
  start(): void {
    this.unsubscribe ??= this.deps.registry.onChange((room) => {
      const parsed = parseRoomName(room);
      if (parsed?.kind === 'text' || (parsed?.kind === 'layer' && !isRecodeLayer(parsed.coderId))) {
        this.schedule(parsed.documentId);
      }
    });
  }

  /** Stops following changes and drops pending rewrites (reads derive what they find stale). */
  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  /** Waits for the derivations under way (before storage closes). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.deriving.values()]);
  }

  /**
   * Every document of the project in its order with its length and the progress of each layer
   * `visible(documentId, layer)` allows (recode layers are never shown), layers by key. Documents
   * whose stored figures no longer match their rooms are derived again first.
   */
  async project(
    projectId: string,
    visible: (documentId: string, layer: string) => boolean,
  ): Promise<ProjectProgress> {
    const { progress } = this.deps.storage;
    const [documents, stored, seqs] = await Promise.all([
      this.deps.storage.listDocuments(projectId),
      progress.listProgress(projectId),
      progress.documentRoomSeqs(projectId),
    ]);
    const storedBy = groupBy(stored, (s) => s.documentId);
    const roomsBy = roomsByDocument(seqs);
    const stale = documents.filter((d) => {
      const rooms = roomsBy.get(d.id) ?? { textSeq: 0, layers: new Map() };
      return !isCurrent(storedBy.get(d.id) ?? [], rooms);
    });
    await Promise.all(stale.map(async (d) => storedBy.set(d.id, await this.refresh(d.id))));
    return {
      documents: documents.map((d): DocumentProgress => {
        // Only the rows this caller may see: the length too, since a row exists only once its
        // layer has been written to, and a length taken from a hidden layer's row would tell a
        // coder in a blind round on which documents another coder has started.
        const rows = (storedBy.get(d.id) ?? []).filter((r) => visible(d.id, r.coder));
        return {
          documentId: d.id,
          length: rows[0]?.length ?? 0,
          layers: rows
            .sort((a, b) => (a.coder < b.coder ? -1 : a.coder > b.coder ? 1 : 0))
            .map(({ coder, codings, covered, done }) => ({ coder, codings, covered, done })),
        };
      }),
    };
  }

  /**
   * Derives a document's progress from its rooms now and stores it; resolves to the rows stored.
   * A derivation already under way for the document is shared.
   */
  refresh(documentId: string): Promise<StoredLayerProgress[]> {
    const running = this.deriving.get(documentId);
    if (running) return running;
    // Each derivation starts in an event-loop turn of its own: on SQLite every read resolves at
    // once, so a thousand derivations queued after an import would otherwise run one after
    // another in a single chain of microtasks, holding sync for seconds.
    const derivation = this.gate.run(async () => {
      await nextTurn();
      return this.derive(documentId);
    });
    const tracked = derivation.finally(() => this.deriving.delete(documentId));
    this.deriving.set(documentId, tracked);
    return tracked;
  }

  /**
   * Derives the documents' progress in the background, a few at a time (an imported project's,
   * so its page need not derive them all when first opened); failures are logged, and a later
   * reading derives what is still missing.
   */
  deriveLater(documentIds: readonly string[]): void {
    for (const id of documentIds) {
      this.refresh(id).catch((err: unknown) => {
        if (err instanceof StoppedError) return;
        this.deps.logger.error({ err, documentId: id }, 'deriving a document’s progress failed');
      });
    }
  }

  private schedule(documentId: string): void {
    const earlier = this.pending.get(documentId);
    if (earlier) clearTimeout(earlier);
    const timer = setTimeout(() => {
      this.pending.delete(documentId);
      this.refresh(documentId).catch((err: unknown) => {
        if (err instanceof StoppedError) return;
        this.deps.logger.error({ err, documentId }, 'deriving a document’s progress failed');
      });
    }, this.deps.refreshDebounceMs ?? 1000);
    this.pending.set(documentId, timer);
  }

  private async derive(documentId: string): Promise<StoredLayerProgress[]> {
    if (this.stopped) throw new StoppedError();
    const prefix = roomName.layer(documentId, '');
    const layers = (await this.deps.storage.listRooms(prefix))
      .map((r) => r.slice(prefix.length))
      .filter((k) => !isRecodeLayer(k));
    const states: RoomState[] = [];
    try {
      const text = await this.read(roomName.text(documentId));
      states.push(text);
      for (const layer of layers) states.push(await this.read(roomName.layer(documentId, layer)));
      const layerDocs: Layer[] = layers.map((coder, i) => ({ coder, doc: states[i + 1]!.doc }));
      const coded = readCodedDocument(text.doc, layerDocs);
      const rows = layerProgress(coded.codings, coded.completed, layers).map((p, i): StoredLayerProgress => ({
        ...p,
        documentId,
        length: coded.length,
        textSeq: text.seq,
        layerSeq: states[i + 1]!.seq,
      }));
      await this.deps.storage.progress.replaceProgress(documentId, rows);
      return rows;
    } finally {
      for (const s of states) if (s.owned) s.doc.destroy();
    }
  }

  /**
   * A room's state: the loaded room's when it is in memory (persisted first, so the same as
   * stored), else read from the log without loading it, so deriving a whole project does not
   * fill the registry with rooms nobody uses.
   */
  private async read(name: string): Promise<RoomState> {
    const loaded = this.deps.registry.peek(name);
    if (loaded) return { doc: loaded.doc, seq: loaded.version, owned: false };
    const log = await this.deps.storage.loadRoom(name);
    const doc = new Y.Doc({ gc: true });
    doc.transact(() => {
      if (log.snapshot) Y.applyUpdate(doc, log.snapshot);
      for (const { seq, data } of log.updates) {
        try {
          Y.applyUpdate(doc, data);
        } catch (err) {
          // As when a room loads: one update that no longer applies does not hide the rest.
          this.deps.logger.error({ err, room: name, seq }, 'stored update failed to apply');
        }
      }
    });
    return { doc, seq: log.updates.at(-1)?.seq ?? log.snapshotSeq, owned: true };
  }
}

/** A derivation dropped because the service stopped (the instance is closing). */
class StoppedError extends Error {
  override name = 'StoppedError';
  constructor() {
    super('progress derivation dropped: the instance is closing');
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** The rooms' log positions by document: text and layers (recode layers left out). */
function roomsByDocument(seqs: readonly { documentId: string; room: string; seq: number }[]) {
  const out = new Map<string, { textSeq: number; layers: Map<string, number> }>();
  for (const { documentId, room, seq } of seqs) {
    let entry = out.get(documentId);
    if (!entry) out.set(documentId, (entry = { textSeq: 0, layers: new Map() }));
    const parsed = parseRoomName(room);
    if (parsed?.kind === 'text') entry.textSeq = seq;
    else if (parsed?.kind === 'layer' && !isRecodeLayer(parsed.coderId))
      entry.layers.set(parsed.coderId, seq);
  }
  return out as Map<string, DocumentRooms>;
}
