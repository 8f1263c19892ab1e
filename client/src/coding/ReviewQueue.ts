/**
 * The reviewer's queue over a whole project: every region where the coders who finished a
 * document differ, whether it is settled, and the actions that settle it into the consensus
 * layer. Coders' codings come from the REST API (read again whenever the project's codings
 * change); decisions and comments live in each document's consensus layer, opened live.
 */
import { CodePointIndex } from '../../../shared/model/codePoints.ts';
import { readCodedDocument } from '../../../shared/model/codedDocument.ts';
import { addCoding, codingsMap, setCompleted } from '../../../shared/model/layer.ts';
import { contentText } from '../../../shared/model/text.ts';
import {
  addComment,
  isSeeded,
  markSeeded,
  readReviews,
  readThread,
  recordReview,
  regionStartMs,
  reopenReview,
  threadSizes,
  type ReviewComment,
  type ReviewDecision,
  type ReviewRecord,
} from '../../../shared/model/review.ts';
import { CONSENSUS, roomName } from '../../../shared/protocol.ts';
import type { Document, OrphanedCoding, User } from '../../../shared/schemas.ts';
import { TimelineSchema, type Cue } from '../../../shared/sources.ts';
import type { ApiClient } from '../api/ApiClient.ts';
import { readCodedDocuments } from '../api/codedDocuments.ts';
import type { CodedDocumentView } from '../api/schemas.ts';
import { acceptedCodings, agreedCodings, disagreementRegions, type Region } from '../model/disagreements.ts';
import type { RoomHandle, RoomHub } from '../sync/RoomHub.ts';
import type * as Y from 'yjs';

/** One region in the queue. */
export interface QueueItem {
  documentId: string;
  region: Region;
  /** Coders compared in this document (those who marked it done). */
  coders: string[];
  review: ReviewRecord | null;
  comments: number;
  /** When the region's words begin in the recording (ms), or null: the document has no timeline. */
  startMs: number | null;
}

interface DocumentReview {
  document: Document;
  coded: CodedDocumentView;
  coders: string[];
  regions: Region[];
  /** The document's timeline as read with its codings (empty: none, or no region to time). */
  cues: Cue[];
}

export class ReviewQueue extends EventTarget {
  private readonly reviews = new Map<string, DocumentReview>();
  private readonly consensus = new Map<string, RoomHandle>();
  private loading: Promise<void> | null = null;
  private again = false;
  private destroyed = false;
  loaded = false;
  error: string | null = null;
  private readonly onConsensus = () => this.changed();

  constructor(
    private readonly api: ApiClient,
    private readonly hub: RoomHub,
    private readonly user: User,
    private readonly projectId: string,
  ) {
    super();
  }

  /** Reads every document's codings again (after any change to the project's codings). */
  refresh(documents: readonly Document[]): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = this.load(documents).finally(() => {
      this.loading = null;
      if (this.again && !this.destroyed) {
        this.again = false;
        void this.refresh(documents);
      }
    });
    return this.loading;
  }

  /** Every region, in document order then text order. */
  items(documentOrder: readonly string[]): QueueItem[] {
    const items: QueueItem[] = [];
    for (const id of documentOrder) {
      const review = this.reviews.get(id);
      if (!review) continue;
      const layer = this.consensus.get(id);
      const decisions = layer ? readReviews(layer.doc) : new Map<string, ReviewRecord>();
      const sizes = layer ? threadSizes(layer.doc) : new Map<string, number>();
      for (const region of review.regions) {
        items.push({
          documentId: id,
          region,
          coders: review.coders,
          review: decisions.get(region.key) ?? null,
          comments: sizes.get(region.key) ?? 0,
          startMs: regionStartMs(review.cues, review.coded.text, region.start),
        });
      }
    }
    return items;
  }

  /**
   * Codings that lost their text, every visible layer (consensus included), in document order:
   * a reviewer sees who coded what before the disagreements are settled without them.
   */
  orphans(documentOrder: readonly string[]): { documentId: string; orphan: OrphanedCoding }[] {
    const list: { documentId: string; orphan: OrphanedCoding }[] = [];
    for (const id of documentOrder) {
      for (const orphan of this.reviews.get(id)?.coded.orphaned ?? []) list.push({ documentId: id, orphan });
    }
    return list;
  }

  /** The text of a document as the REST API gave it. */
  text(documentId: string): string {
    return this.reviews.get(documentId)?.coded.text ?? '';
  }

  /** The consensus codings of a document (code points), as last read. */
  consensusCodings(documentId: string): { code: string; start: number; end: number }[] {
    return (this.reviews.get(documentId)?.coded.codings ?? []).filter((c) => c.coder === CONSENSUS);
  }

  thread(item: QueueItem): ReviewComment[] {
    const layer = this.consensus.get(item.documentId);
    return layer ? readThread(layer.doc, item.region.key) : [];
  }

  comment(item: QueueItem, text: string): void {
    const layer = this.requireConsensus(item.documentId);
    addComment(layer.doc, {
      id: crypto.randomUUID(),
      region: item.region.key,
      author: this.user.id,
      name: this.user.name,
      text,
      at: new Date().toISOString(),
    });
  }

  /**
   * Settles a region by accepting the codings of `coders` (one: "accept A"; all: "accept both"):
   * the consensus's codings of the disputed codes in the region are replaced by theirs.
   */
  accept(item: QueueItem, coders: readonly string[]): Promise<void> {
    const decision: ReviewDecision = { kind: 'accept', coders: [...coders] };
    return this.settle(item, decision, (layer, textDoc, index, now) => {
      const { region } = item;
      const current = readCodedDocument(textDoc, [{ coder: CONSENSUS, doc: layer }]).codings;
      const map = codingsMap(layer);
      for (const c of current) {
        if (region.codes.includes(c.code) && c.start < region.end && region.start < c.end) map.delete(c.id);
      }
      for (const c of acceptedCodings(region, coders)) {
        addCoding(
          layer,
          textDoc,
          { id: crypto.randomUUID(), codeId: c.code, start: c.start, end: c.end, author: this.user.id, now },
          index,
        );
      }
    });
  }

  /** Marks a region settled by the reviewer's own coding of the consensus. */
  settleOwn(item: QueueItem): Promise<void> {
    return this.settle(item, { kind: 'own' }, () => undefined);
  }

  /** Opens a settled region again (its consensus codings stay until changed); the document is no longer done. */
  reopen(item: QueueItem): void {
    const layer = this.requireConsensus(item.documentId).doc;
    layer.transact(() => {
      reopenReview(layer, item.region.key);
      setCompleted(layer, false);
    });
  }

  /**
   * One decision, in one transaction on the consensus layer: the first decision in a document
   * starts the consensus from what the coders agreed on; the last one marks the consensus done,
   * so agreement against it counts the document.
   */
  private async settle(
    item: QueueItem,
    decision: ReviewDecision,
    write: (layer: Y.Doc, textDoc: Y.Doc, index: CodePointIndex, now: string) => void,
  ): Promise<void> {
    const review = this.reviews.get(item.documentId);
    if (!review) throw new Error('this document is not in the queue');
    const layer = this.requireConsensus(item.documentId);
    const text = this.hub.acquire(roomName.text(item.documentId));
    try {
      await Promise.all([text.whenSynced, layer.whenSynced]);
      const index = new CodePointIndex(contentText(text.doc).toString());
      const now = new Date().toISOString();
      const { region } = item;
      layer.doc.transact(() => {
        if (!isSeeded(layer.doc)) {
          const coded = review.coded.codings.filter((c) => c.coder !== CONSENSUS);
          for (const c of agreedCodings(coded, review.coders)) {
            addCoding(
              layer.doc,
              text.doc,
              {
                id: crypto.randomUUID(),
                codeId: c.code,
                start: c.start,
                end: c.end,
                author: this.user.id,
                now,
              },
              index,
            );
          }
          markSeeded(layer.doc);
        }
        write(layer.doc, text.doc, index, now);
        recordReview(layer.doc, region.key, {
          decision,
          start: region.start,
          end: region.end,
          by: this.user.id,
          at: now,
        });
        const decided = readReviews(layer.doc);
        if (review.regions.every((r) => decided.has(r.key))) setCompleted(layer.doc, true);
      });
      await this.audit(item, decision);
    } finally {
      text.release();
    }
  }

  destroy(): void {
    this.destroyed = true;
    for (const handle of this.consensus.values()) {
      handle.doc.off('update', this.onConsensus);
      handle.release();
    }
    this.consensus.clear();
  }

  private async load(documents: readonly Document[]): Promise<void> {
    try {
      const timed: Promise<void>[] = [];
      await readCodedDocuments(this.api, this.projectId, documents, (d, coded) => {
        const coders = coded.completed.filter((c) => c !== CONSENSUS).sort();
        const codings = coded.codings.filter((c) => c.coder !== CONSENSUS);
        const regions = disagreementRegions(coded.text, codings, coders);
        const review: DocumentReview = { document: d, coded, coders, regions, cues: [] };
        this.reviews.set(d.id, review);
        if (regions.length > 0) {
          this.openConsensus(d.id);
          // Only documents with something to review need their times.
          timed.push(
            this.api
              .get(`/api/projects/${this.projectId}/documents/${d.id}/timeline`, TimelineSchema)
              .then(({ cues }) => {
                review.cues = cues;
              }),
          );
        }
      });
      await Promise.all(timed);
      this.loaded = true;
      this.error = null;
    } catch (err) {
      this.error = err instanceof Error ? err.message : 'The codings could not be read.';
    }
    this.changed();
  }

  private openConsensus(documentId: string): void {
    if (this.consensus.has(documentId) || this.destroyed) return;
    const handle = this.hub.acquire(roomName.layer(documentId, CONSENSUS));
    handle.doc.on('update', this.onConsensus);
    void handle.whenSynced.then(this.onConsensus);
    this.consensus.set(documentId, handle);
  }

  private requireConsensus(documentId: string): RoomHandle {
    this.openConsensus(documentId);
    return this.consensus.get(documentId)!;
  }

  private async audit(item: QueueItem, decision: ReviewDecision): Promise<void> {
    const { region } = item;
    await this.api.send('POST', `/api/projects/${this.projectId}/reviews`, {
      documentId: item.documentId,
      region: region.key,
      start: region.start,
      end: region.end,
      codes: region.codes,
      decision,
    });
  }

  private changed(): void {
    if (!this.destroyed) this.dispatchEvent(new Event('change'));
  }
}
