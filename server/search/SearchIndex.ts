/**
 * The full-text index of transcripts: one entry per document with its project, the text room's
 * log version it was read at, and the text, so hits are located without loading rooms. Derived
 * data: `SearchService` rebuilds entries from the text rooms when missing or stale. Two
 * implementations, SQLite FTS5 (`SqliteSearchIndex`) and PostgreSQL full-text search
 * (`PostgresSearchIndex`), pass one contract suite (test/contract/searchIndexContract.ts).
 */

/** One document's indexed text. */
export interface IndexedText {
  documentId: string;
  projectId: string;
  /** The text room's log sequence number the text was read at (`Room.version`). */
  version: number;
  text: string;
}

export interface SearchIndex {
  /**
   * Stores a document's text, replacing an entry of an older version (a newer one stays: two
   * instances may index the same document at about the same time). Does nothing when the
   * document has no metadata row (not yet listed, or deleted). Resolves to whether it stored.
   */
  put(entry: IndexedText): Promise<boolean>;
  /** Removes a document's entry (deleting the document removes it too). */
  remove(documentId: string): Promise<void>;
  /** The indexed version of each of the project's documents that has an entry. */
  versions(projectId: string): Promise<Map<string, number>>;
  /**
   * The project's documents whose text contains every one of `words` (lower case, as
   * `shared/search/match.ts` extracts them) as a whole word, with their indexed versions; every
   * entry when `words` is empty. `documentIds` narrows to those documents. A superset of the
   * documents with hits, in no particular order: the caller finds the hits themselves.
   */
  find(
    projectId: string,
    words: readonly string[],
    documentIds?: readonly string[],
  ): Promise<IndexedVersion[]>;
  /** The indexed texts of these documents of the project (those that have an entry). */
  texts(projectId: string, documentIds: readonly string[]): Promise<IndexedText[]>;
}

/** A document found in the index, without its text. */
export type IndexedVersion = Pick<IndexedText, 'documentId' | 'version'>;
