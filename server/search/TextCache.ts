/**
 * Indexed texts kept in memory, by document and version, with the start of every word (computed
 * on first use), so a search neither reads every candidate's text from the database again nor
 * scans whole transcripts for a word: on the benchmark corpus both cost far more than the
 * matching itself. Bounded by a budget in UTF-16 code units (a text with its word positions
 * counts three times its length, roughly what the positions take), least recently used out first;
 * an entry is only used at the version the index names, so it can never be stale.
 */
import { wordPositions, type WordPositions } from '../../shared/search/match.ts';
import type { IndexedVersion, SearchIndex } from './SearchIndex.ts';

/**
 * Default budget: 256 Mi UTF-16 code units: the benchmark corpus (1,000 transcripts of 10,000
 * words, 62 Mi units, 186 Mi with positions) fits, in about 0.5 GB of memory.
 */
export const TEXT_CACHE_UNITS = 256 * 1024 * 1024;

/** A cached text and, once asked for, where its words start. */
export interface CachedText {
  readonly text: string;
  positions(): WordPositions;
}

interface Entry {
  version: number;
  text: string;
  positions: WordPositions | null;
}

export class TextCache {
  private readonly entries = new Map<string, Entry>();
  private units = 0;

  constructor(private readonly budgetUnits: number = TEXT_CACHE_UNITS) {}

  /**
   * Remembers a text just read from its room or the index; `withPositions` finds its words'
   * starts now rather than in the next search (re-indexing happens off the search's path).
   */
  remember(documentId: string, version: number, text: string, withPositions = false): void {
    const old = this.entries.get(documentId);
    if (old && old.version > version) return;
    if (old) this.units -= cost(old);
    this.entries.delete(documentId);
    if (text.length > this.budgetUnits) return;
    const entry: Entry = { version, text, positions: withPositions ? wordPositions(text) : null };
    this.entries.set(documentId, entry);
    this.units += cost(entry);
    this.evict();
  }

  /**
   * The texts of these indexed documents at exactly their indexed versions: from memory, the
   * rest read from the index in one go.
   */
  async texts(
    index: SearchIndex,
    projectId: string,
    wanted: readonly IndexedVersion[],
  ): Promise<Map<string, CachedText>> {
    const found = new Map<string, CachedText>();
    const missing: string[] = [];
    for (const { documentId, version } of wanted) {
      const entry = this.entries.get(documentId);
      if (entry?.version === version) {
        // Used again: to the back of the eviction order.
        this.entries.delete(documentId);
        this.entries.set(documentId, entry);
        found.set(documentId, this.view(entry));
      } else missing.push(documentId);
    }
    if (missing.length > 0) {
      for (const e of await index.texts(projectId, missing)) {
        this.remember(e.documentId, e.version, e.text);
        const entry = this.entries.get(e.documentId);
        found.set(
          e.documentId,
          entry?.version === e.version
            ? this.view(entry)
            : { text: e.text, positions: () => wordPositions(e.text) },
        );
      }
    }
    return found;
  }

  private view(entry: Entry): CachedText {
    return {
      text: entry.text,
      positions: () => {
        if (!entry.positions) {
          entry.positions = wordPositions(entry.text);
          this.units += entry.text.length * 2;
          this.evict();
        }
        return entry.positions;
      },
    };
  }

  private evict(): void {
    for (const [id, entry] of this.entries) {
      if (this.units <= this.budgetUnits) break;
      this.entries.delete(id);
      this.units -= cost(entry);
    }
  }
}

function cost(entry: Entry): number {
  return entry.text.length * (entry.positions ? 3 : 1);
}
