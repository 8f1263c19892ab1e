/**
 * The search index on PostgreSQL: a `tsvector` of the distinct words of each text ('simple'
 * configuration: lower case, no stemming, no stop words) with a GIN index (see searchSchema.ts).
 */
import { sql, type RawBuilder } from 'kysely';
import { KyselySearchIndex } from './KyselySearchIndex.ts';

export class PostgresSearchIndex extends KyselySearchIndex {
  protected async containing(words: readonly string[]): Promise<RawBuilder<unknown>> {
    const text = words.join(' ');
    // A word PostgreSQL's parser makes no lexeme of would empty the query, and an empty tsquery
    // matches nothing; then every document is a candidate and the application decides.
    const { rows } = await sql<{ n: number }>`
      select numnode(plainto_tsquery('simple'::regconfig, ${text})) as n
    `.execute(this.db);
    if ((rows[0]?.n ?? 0) === 0) return sql``;
    return sql`and tsv @@ plainto_tsquery('simple'::regconfig, ${text})`;
  }
}
