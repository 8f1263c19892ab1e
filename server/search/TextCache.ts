/**
 * Indexed texts kept in memory, by document and version, so a search does not read every
 * candidate's text from the database again (on the benchmark corpus that read cost more than the
 * matching). Bounded by a budget in UTF-16 code units, least recently used out first; an entry
 * is only used at the version the index names, so it can never be stale.
 */
import type { IndexedVersion, SearchIndex } from './SearchIndex.ts';

/** Default budget: 128 Mi UTF-16 code units (256 MiB of strings). */
export const TEXT_CACHE_UNITS = 128 * 1024 * 1024;

export class TextCache {
  private readonly entries = new Map<string, { version: number; text: string }>();
  private units = 0;

  constructor(private readonly budgetUnits: number = TEXT_CACHE_UNITS) {}

  /** Remembers a text just read from its room or the index. */
  remember(documentId: string, version: number, text: string): void {
    const old = this.entries.get(documentId);
    if (old && old.version > version) return;
    if (old) this.units -= old.text.length;
    this.entries.delete(documentId);
    if (text.length > this.budgetUnits) return;
    this.entries.set(documentId, { version, text });
    this.units += text.length;
    for (const [id, entry] of this.entries) {
      if (this.units <= this.budgetUnits) break;
      this.entries.delete(id);
      this.units -= entry.text.length;
    }
  }

  /**
   * The texts of these indexed documents at exactly their indexed versions: from memory, the
   * rest read from the index in one go.
   */
  async texts(
    index: SearchIndex,
    projectId: string,
    wanted: readonly IndexedVersion[],
  ): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const missing: string[] = [];
    for (const { documentId, version } of wanted) {
      const entry = this.entries.get(documentId);
      if (entry?.version === version) {
        // Used again: to the back of the eviction order.
        this.entries.delete(documentId);
        this.entries.set(documentId, entry);
        found.set(documentId, entry.text);
      } else missing.push(documentId);
    }
    if (missing.length > 0) {
      for (const e of await index.texts(projectId, missing)) {
        this.remember(e.documentId, e.version, e.text);
        found.set(e.documentId, e.text);
      }
    }
    return found;
  }
}
