/** The search index on SQLite: FTS5 over the distinct words of each text (see searchSchema.ts). */
import { sql, type RawBuilder } from 'kysely';
import { KyselySearchIndex } from './KyselySearchIndex.ts';

export class SqliteSearchIndex extends KyselySearchIndex {
  protected containing(words: readonly string[]): Promise<RawBuilder<unknown>> {
    // Each word as an FTS5 string (implicitly ANDed). Words are letters, marks and digits only,
    // but quotes are doubled anyway so no input can change the query's syntax.
    const query = words.map((w) => `"${w.replaceAll('"', '""')}"`).join(' ');
    return Promise.resolve(sql`and id in (select rowid from search_fts where search_fts match ${query})`);
  }
}
