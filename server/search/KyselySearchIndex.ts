/**
 * What both search index backends share: the `search_texts` rows (see searchSchema.ts) are plain
 * SQL in both dialects; only the full-text lookup in `find` differs.
 */
import { sql, type QueryExecutorProvider, type RawBuilder } from 'kysely';
import { indexedWords } from '../../shared/search/match.ts';
import type { IndexedText, IndexedVersion, SearchIndex } from './SearchIndex.ts';

const TEXTS_CHUNK = 500;

function idList(ids: readonly string[]) {
  return sql.join(ids.map((id) => sql`${id}`));
}

interface TextRow {
  document_id: string;
  project_id: string;
  version: number | string;
  text: string;
}

export abstract class KyselySearchIndex implements SearchIndex {
  /** `db`: the storage's Kysely instance (or a transaction). */
  constructor(protected readonly db: QueryExecutorProvider) {}

  async put(entry: IndexedText): Promise<boolean> {
    const { documentId, projectId, version, text } = entry;
    // Selected from `documents`: a document not (or no longer) listed gets no entry, atomically,
    // so indexing never races a deletion into a dangling row.
    const result = await sql`
      insert into search_texts (document_id, project_id, version, text, words)
      select id, project_id, ${version}, ${text}, ${indexedWords(text)}
      from documents where id = ${documentId} and project_id = ${projectId}
      on conflict (document_id) do update
        set version = excluded.version, text = excluded.text, words = excluded.words
        where search_texts.version < excluded.version
    `.execute(this.db);
    return Number(result.numAffectedRows ?? 0) > 0;
  }

  async remove(documentId: string): Promise<void> {
    await sql`delete from search_texts where document_id = ${documentId}`.execute(this.db);
  }

  async versions(projectId: string): Promise<Map<string, number>> {
    const { rows } = await sql<{ document_id: string; version: number | string }>`
      select document_id, version from search_texts where project_id = ${projectId}
    `.execute(this.db);
    return new Map(rows.map((r) => [r.document_id, Number(r.version)]));
  }

  async find(
    projectId: string,
    words: readonly string[],
    documentIds?: readonly string[],
  ): Promise<IndexedVersion[]> {
    if (documentIds?.length === 0) return [];
    const only = documentIds === undefined ? sql`` : sql`and document_id in (${idList(documentIds)})`;
    const { rows } = await sql<{ document_id: string; version: number | string }>`
      select document_id, version from search_texts
      where project_id = ${projectId} ${only} ${words.length > 0 ? await this.containing(words) : sql``}
    `.execute(this.db);
    return rows.map((r) => ({ documentId: r.document_id, version: Number(r.version) }));
  }

  async texts(projectId: string, documentIds: readonly string[]): Promise<IndexedText[]> {
    const found: IndexedText[] = [];
    // In chunks: one bound parameter per id, and SQLite allows 32,766 per statement.
    for (let i = 0; i < documentIds.length; i += TEXTS_CHUNK) {
      const { rows } = await sql<TextRow>`
        select document_id, project_id, version, text from search_texts
        where project_id = ${projectId} and document_id in (${idList(documentIds.slice(i, i + TEXTS_CHUNK))})
      `.execute(this.db);
      for (const r of rows) {
        found.push({
          documentId: r.document_id,
          projectId: r.project_id,
          version: Number(r.version),
          text: r.text,
        });
      }
    }
    return found;
  }

  /** A condition (starting with `and`) on `search_texts` rows: the words column holds every word. */
  protected abstract containing(words: readonly string[]): Promise<RawBuilder<unknown>>;
}
