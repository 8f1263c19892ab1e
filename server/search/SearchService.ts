/**
 * Keeps the search index current and answers searches. The index is derived data:
 * - lazily, before every search, the project's entries are compared with the text rooms' log
 *   positions (`Storage.lastSeqs`, one query) and entries that are missing or older are rebuilt
 *   from the rooms; so a deleted index, a new instance or an edit another instance has not indexed
 *   yet never hides a hit;
 * - eagerly, when a text room changes on this instance (its own clients' edits, or another
 *   instance's arriving by fan-out), the document is re-indexed after a short delay, at most once
 *   per delay however fast the edits come, so the index in the shared database follows typing
 *   within about `debounceMs` plus one write, whichever instance searches.
 * Deleted documents leave the index with their metadata row (foreign key, cascading).
 */
import { contentText } from '../../shared/model/text.ts';
import { parseRoomName, roomName } from '../../shared/protocol.ts';
import type { SearchQuery, SearchResult } from '../../shared/search/schemas.ts';
import type { Logger } from '../logger.ts';
import type { Storage } from '../storage/Storage.ts';
import type { RoomRegistry } from '../sync/RoomRegistry.ts';
import { runSearch } from './runSearch.ts';
import { RegexScans, scanWithBudget } from './regexScan.ts';
import { TextCache } from './TextCache.ts';
import { timeSlicer } from '../timeSlice.ts';

export interface SearchServiceDeps {
  storage: Storage;
  registry: RoomRegistry;
  logger: Logger;
  /** Delay between a text room's change and its re-indexing, in ms. Default 250. */
  debounceMs?: number;
  /** Longest a regular expression may run per search, in ms. Default 2000. */
  regexBudgetMs?: number;
}

/** Rooms read at once while rebuilding a project's entries. */
const REBUILD_CONCURRENCY = 4;

export class SearchService {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Re-indexing under way, by document: a change meanwhile schedules one more run after it. */
  private readonly running = new Map<string, Promise<void>>();
  /** Rebuilds under way, by project: concurrent searches wait for the same one. */
  private readonly refreshing = new Map<string, Promise<void>>();
  private unsubscribe: (() => void) | null = null;
  private readonly cache = new TextCache();
  private readonly scans = new RegexScans();
  private stopped = false;

  constructor(private readonly deps: SearchServiceDeps) {}

  /** Starts following text rooms' changes. */
  start(): void {
    this.unsubscribe ??= this.deps.registry.onChange((room) => {
      const parsed = parseRoomName(room);
      if (parsed?.kind === 'text') this.schedule(parsed.documentId);
    });
  }

  /** Stops following changes and waits for indexing under way (before storage closes). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running.values(), ...this.refreshing.values()]);
  }

  /**
   * Searches a project's texts (see `runSearch`) after bringing its index up to date. The caller
   * has checked that the user may read the project. A pattern search runs in a worker thread,
   * one at a time per user (`userId`; 429 `rateLimited` while their previous one runs).
   */
  async search(projectId: string, query: SearchQuery, userId: string): Promise<SearchResult> {
    const documents = await this.refresh(projectId);
    return runSearch(this.deps.storage.search, projectId, documents, query, {
      cache: this.cache,
      scanRegex: (texts, pattern, options) =>
        this.scans.run(userId, () => scanWithBudget(texts, pattern, options)),
      ...(this.deps.regexBudgetMs === undefined ? {} : { regexBudgetMs: this.deps.regexBudgetMs }),
    });
  }

  /**
   * Rebuilds the project's missing or stale entries from the text rooms; resolves to the
   * project's documents (in their order).
   */
  async refresh(projectId: string): Promise<{ id: string; title: string }[]> {
    const { storage } = this.deps;
    const documents = await storage.listDocuments(projectId);
    const [indexed, current] = await Promise.all([
      storage.search.versions(projectId),
      storage.lastSeqs(documents.map((d) => roomName.text(d.id))),
    ]);
    const stale = documents.filter(
      (d) => (indexed.get(d.id) ?? -1) < (current.get(roomName.text(d.id)) ?? 0),
    );
    if (stale.length > 0) {
      let pending = this.refreshing.get(projectId);
      if (!pending) {
        const targets = stale.map((d) => [d.id, current.get(roomName.text(d.id)) ?? 0] as const);
        pending = this.rebuild(projectId, targets).finally(() => this.refreshing.delete(projectId));
        this.refreshing.set(projectId, pending);
      }
      await pending;
    }
    return documents;
  }

  /** Re-indexes documents, each from a room state at least at the given log position. */
  private async rebuild(projectId: string, targets: readonly (readonly [string, number])[]): Promise<void> {
    const queue = [...targets];
    // Shared by the workers: re-indexing a thousand transcripts gives way to sync between them.
    const slice = timeSlicer();
    const worker = async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        await this.index(projectId, next[0], next[1]);
        await slice();
      }
    };
    await Promise.all(Array.from({ length: Math.min(REBUILD_CONCURRENCY, queue.length) }, worker));
  }

  /** Reads a document's text room and stores its text (unless a newer version is stored). */
  private async index(projectId: string, documentId: string, atLeast = 0): Promise<void> {
    const { registry, storage } = this.deps;
    const entry = await registry.withRoom(roomName.text(documentId), async (room) => {
      // A room held here may not have read another instance's latest writes yet.
      if (room.version < atLeast) await room.catchUp();
      return { documentId, projectId, version: room.version, text: contentText(room.doc).toString() };
    });
    if (await storage.search.put(entry)) this.cache.remember(documentId, entry.version, entry.text, true);
  }

  private schedule(documentId: string): void {
    if (this.stopped || this.timers.has(documentId)) return;
    const timer = setTimeout(() => {
      this.timers.delete(documentId);
      void this.reindex(documentId);
    }, this.deps.debounceMs ?? 250);
    timer.unref();
    this.timers.set(documentId, timer);
  }

  private async reindex(documentId: string): Promise<void> {
    const previous = this.running.get(documentId);
    if (previous) {
      // One run at a time per document; the change is picked up by a run after this one.
      await previous;
      this.schedule(documentId);
      return;
    }
    const run = (async () => {
      try {
        const document = await this.deps.storage.getDocument(documentId);
        // Not listed yet (an import still writing) or deleted: the next search indexes it.
        if (document && !this.stopped) await this.index(document.projectId, documentId);
      } catch (err) {
        // The next search rebuilds what this missed; indexing never fails an edit.
        this.deps.logger.warn({ err, documentId }, 'search index update failed');
      }
    })();
    this.running.set(documentId, run);
    try {
      await run;
    } finally {
      this.running.delete(documentId);
    }
  }
}
