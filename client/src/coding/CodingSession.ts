/**
 * One transcript and the coding layers a user may see of it, live: opens the `text:` room and one
 * `layer:` room per visible layer, resolves every coding's anchors to editor offsets, and writes
 * codings, memos and done marks. Only what changed is resolved again: a layer change re-reads the
 * codings it names; a text edit (rare: typo fixes) re-reads all of them, a moment later, while the
 * editor maps the marks it shows through the edit in the meantime.
 */
import type * as Y from 'yjs';
import { AnchorResolver } from '../../../shared/model/anchors.ts';
import { orphanOf, placeCoding, type OrphanedCoding } from '../../../shared/model/codedDocument.ts';
import { CodePointIndex } from '../../../shared/model/codePoints.ts';
import { addCoding, anchorSpan, codingsMap, isCompleted, setCompleted } from '../../../shared/model/layer.ts';
import { contentText } from '../../../shared/model/text.ts';
import { roomName } from '../../../shared/protocol.ts';
import { StoredCodingSchema, type StoredCoding } from '../../../shared/schemas.ts';
import type { RoomHandle, RoomHub } from '../sync/RoomHub.ts';
import type { ViewCoding } from './ViewCoding.ts';

/** How long after a text edit the anchors are resolved again. */
const TEXT_SETTLE_MS = 120;

interface LayerEntry {
  coder: string;
  handle: RoomHandle;
  /** Codings by id: placed, or why not and what is known of them. */
  resolved: Map<string, ViewCoding | OrphanedCoding>;
  stale: 'none' | 'some' | 'all';
  staleKeys: Set<string>;
  observer: (event: Y.YMapEvent<unknown>) => void;
  onUpdate: () => void;
}

/** Fired (as `change`) after codings, done marks or layer states changed; batched per task. */
export class CodingSession extends EventTarget {
  readonly text: RoomHandle;
  private readonly layers = new Map<string, LayerEntry>();
  private cache: ViewCoding[] | null = null;
  private index: CodePointIndex | null = null;
  /** Anchor placement for the current text; rebuilt after each text change. */
  private anchorResolver: AnchorResolver | null = null;
  private textTimer: ReturnType<typeof setTimeout> | null = null;
  private notifyQueued = false;
  private destroyed = false;
  /** Bumped whenever the codings change. */
  version = 0;
  /**
   * The transaction origin of every coding edit made through this session: undo managers track
   * this origin only, so nothing received from others is ever undone here.
   */
  readonly editOrigin: object = Object.freeze({ source: 'coding-session' });

  constructor(
    private readonly hub: RoomHub,
    readonly documentId: string,
  ) {
    super();
    this.text = hub.acquire(roomName.text(documentId));
    contentText(this.text.doc).observe(this.onText);
    // The server closing the text for good (the document was deleted, access withdrawn) shows.
    this.text.provider.on('closed', this.onTextClosed);
  }

  /** The Y.Text the editor binds to. */
  get ytext(): Y.Text {
    return contentText(this.text.doc);
  }

  /** Opens the layers named and closes the others. */
  setLayers(coders: readonly string[]): void {
    const wanted = new Set(coders);
    for (const [coder, entry] of this.layers) {
      if (!wanted.has(coder)) this.closeLayer(coder, entry);
    }
    for (const coder of coders) if (!this.layers.has(coder)) this.openLayer(coder);
    this.changed(true);
  }

  /** The document of an open layer (null when it is not open). */
  layerDoc(coder: string): Y.Doc | null {
    return this.layers.get(coder)?.handle.doc ?? null;
  }

  /** Closes and opens a layer again, e.g. after the server refused it and the round changed back. */
  reopen(coder: string): void {
    const entry = this.layers.get(coder);
    if (entry) this.closeLayer(coder, entry);
    this.openLayer(coder);
    this.changed(true);
  }

  /** Layers currently open, in the order they were opened. */
  get layerIds(): string[] {
    return [...this.layers.keys()];
  }

  /** Every visible coding, placed; sorted by start. */
  get codings(): ViewCoding[] {
    if (this.cache) return this.cache;
    const all: ViewCoding[] = [];
    for (const entry of this.layers.values()) {
      this.refresh(entry);
      for (const c of entry.resolved.values()) if (isPlaced(c)) all.push(c);
    }
    all.sort((a, b) => a.from - b.from || a.to - b.to);
    this.cache = all;
    return all;
  }

  /** Codings whose anchors do not point into the text (deleted passages, text not loaded yet). */
  get unplaced(): number {
    let n = 0;
    for (const entry of this.layers.values()) for (const c of entry.resolved.values()) if (!isPlaced(c)) n++;
    return n;
  }

  /**
   * Codings of the open layers that lost their text (or cannot be read), with who coded what, by
   * layer and then most recently changed first. Codings pointing at text not loaded yet count only
   * once the text has synced: until then they are merely waiting.
   */
  get orphans(): OrphanedCoding[] {
    const orphans: OrphanedCoding[] = [];
    for (const entry of this.layers.values()) {
      this.refresh(entry);
      for (const c of entry.resolved.values()) {
        if (!isPlaced(c) && (c.reason !== 'anchor-missing' || this.text.synced)) orphans.push(c);
      }
    }
    return orphans.sort(
      (a, b) => a.coder.localeCompare(b.coder) || (b.updatedAt ?? '').localeCompare(a.updatedAt ?? ''),
    );
  }

  isCompleted(coder: string): boolean {
    const entry = this.layers.get(coder);
    return entry ? isCompleted(entry.handle.doc) : false;
  }

  /** Whether a layer was refused by the server (e.g. a blind round started), or has synced. */
  layerState(coder: string): 'loading' | 'ready' | 'refused' {
    const entry = this.layers.get(coder);
    if (!entry) return 'loading';
    if (entry.handle.refused !== null) return 'refused';
    return entry.handle.synced ? 'ready' : 'loading';
  }

  /**
   * Codes a passage (editor offsets) into a layer; returns the new coding's id, or null when the
   * same code already covers exactly that passage there.
   */
  add(coder: string, codeId: string, from: number, to: number, author: string, memo = ''): string | null {
    const entry = this.requireLayer(coder);
    if (to <= from) return null;
    this.refresh(entry);
    const duplicate = [...entry.resolved.values()].some(
      (c) => isPlaced(c) && c.codeId === codeId && c.from === from && c.to === to,
    );
    if (duplicate) return null;
    const index = this.codePoints();
    const id = newCodingId();
    entry.handle.doc.transact(
      () =>
        addCoding(
          entry.handle.doc,
          this.text.doc,
          {
            id,
            codeId,
            start: index.toCodePoint(from),
            end: index.toCodePoint(to),
            author,
            memo,
            now: new Date().toISOString(),
          },
          index,
        ),
      this.editOrigin,
    );
    return id;
  }

  remove(coder: string, codingId: string): void {
    const doc = this.requireLayer(coder).handle.doc;
    doc.transact(() => codingsMap(doc).delete(codingId), this.editOrigin);
  }

  /** Changes a coding's memo, code or passage; the rest of it stays. */
  update(
    coder: string,
    codingId: string,
    change: { memo?: string; codeId?: string; from?: number; to?: number },
  ): void {
    const doc = this.requireLayer(coder).handle.doc;
    const map = codingsMap(doc);
    const parsed = StoredCodingSchema.safeParse(map.get(codingId));
    if (!parsed.success) return;
    const next: StoredCoding = { ...parsed.data, updatedAt: new Date().toISOString() };
    if (change.memo !== undefined) next.memo = change.memo;
    if (change.codeId !== undefined) next.codeId = change.codeId;
    if (change.from !== undefined && change.to !== undefined && change.to > change.from) {
      const index = this.codePoints();
      Object.assign(
        next,
        anchorSpan(this.ytext, index.toCodePoint(change.from), index.toCodePoint(change.to), index),
      );
    }
    doc.transact(() => map.set(codingId, next), this.editOrigin);
  }

  /**
   * Puts a coding (typically an orphaned one) on a new passage, editor offsets, keeping its code,
   * memo and author. Returns false when the coding is gone, unreadable or the passage empty.
   */
  reanchor(coder: string, codingId: string, from: number, to: number): boolean {
    if (to <= from) return false;
    const parsed = StoredCodingSchema.safeParse(
      codingsMap(this.requireLayer(coder).handle.doc).get(codingId),
    );
    if (!parsed.success) return false;
    this.update(coder, codingId, { from, to });
    return true;
  }

  /** Marks the document done (or not) in a layer. */
  setDone(coder: string, done: boolean): void {
    setCompleted(this.requireLayer(coder).handle.doc, done);
  }

  destroy(): void {
    this.destroyed = true;
    if (this.textTimer) clearTimeout(this.textTimer);
    for (const [coder, entry] of this.layers) this.closeLayer(coder, entry);
    this.ytext.unobserve(this.onText);
    this.text.provider.off('closed', this.onTextClosed);
    this.text.release();
  }

  private readonly onTextClosed = () => this.changed(false);

  private readonly onText = () => {
    this.index = null;
    this.anchorResolver = null;
    // Anchors are re-read once typing pauses; the editor maps its marks through each edit meanwhile.
    if (this.textTimer) clearTimeout(this.textTimer);
    this.textTimer = setTimeout(() => {
      this.textTimer = null;
      for (const entry of this.layers.values()) entry.stale = 'all';
      this.changed(true);
    }, TEXT_SETTLE_MS);
  };

  private openLayer(coder: string): void {
    const handle = this.hub.acquire(roomName.layer(this.documentId, coder));
    const entry: LayerEntry = {
      coder,
      handle,
      resolved: new Map(),
      stale: 'all',
      staleKeys: new Set(),
      observer: (event) => {
        if (entry.stale === 'all') return;
        entry.stale = 'some';
        for (const key of event.keysChanged) entry.staleKeys.add(key);
        this.changed(true);
      },
      // Done marks live beside the codings; any other change to the layer may flip one.
      onUpdate: () => this.changed(false),
    };
    codingsMap(handle.doc).observe(entry.observer);
    handle.doc.on('update', entry.onUpdate);
    // The layer's state (refused, synced) shows in the view; announce when it settles.
    void handle.whenSynced.then(() => this.changed(false));
    this.layers.set(coder, entry);
  }

  private closeLayer(coder: string, entry: LayerEntry): void {
    codingsMap(entry.handle.doc).unobserve(entry.observer);
    entry.handle.doc.off('update', entry.onUpdate);
    entry.handle.release();
    this.layers.delete(coder);
    this.cache = null;
  }

  private requireLayer(coder: string): LayerEntry {
    const entry = this.layers.get(coder);
    if (!entry) throw new Error(`layer '${coder}' is not open`);
    return entry;
  }

  /** Re-reads the codings of a layer that changed. */
  private refresh(entry: LayerEntry): void {
    if (entry.stale === 'none') return;
    const map = codingsMap(entry.handle.doc);
    if (entry.stale === 'all') {
      entry.resolved.clear();
      for (const [id, value] of map) entry.resolved.set(id, this.resolve(entry.coder, id, value));
    } else {
      for (const id of entry.staleKeys) {
        if (map.has(id)) entry.resolved.set(id, this.resolve(entry.coder, id, map.get(id)));
        else entry.resolved.delete(id);
      }
    }
    entry.stale = 'none';
    entry.staleKeys.clear();
  }

  private resolve(coder: string, id: string, value: unknown): ViewCoding | OrphanedCoding {
    // The same placement as the server and every other client: never this replica's undo memory.
    const placed = placeCoding(this.anchors(), value);
    if (!placed.placed) return orphanOf(id, coder, value, placed.reason);
    const c = placed.coding;
    return {
      id,
      coder,
      codeId: c.codeId,
      from: placed.start,
      to: placed.end,
      memo: c.memo,
      author: c.author,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    };
  }

  private anchors(): AnchorResolver {
    this.anchorResolver ??= new AnchorResolver(this.ytext);
    return this.anchorResolver;
  }

  private codePoints(): CodePointIndex {
    this.index ??= new CodePointIndex(this.ytext.toString());
    return this.index;
  }

  /** Announces a change once per task, however many Yjs events caused it. */
  private changed(codings: boolean): void {
    if (codings) {
      this.cache = null;
      this.version++;
    }
    if (this.notifyQueued || this.destroyed) return;
    this.notifyQueued = true;
    queueMicrotask(() => {
      this.notifyQueued = false;
      if (!this.destroyed) this.dispatchEvent(new Event('change'));
    });
  }
}

/** A coding id: random, and valid as an id everywhere (letters, digits, `-`). */
function newCodingId(): string {
  return crypto.randomUUID();
}

function isPlaced(c: ViewCoding | OrphanedCoding): c is ViewCoding {
  return !('reason' in c);
}
