/**
 * The search index's tables, created by migration `0009_search`. Both dialects keep one row per
 * document in `search_texts` (project, document, the text room's log version, the text, and the
 * text's distinct words in lower case); the rows go with their document or project (foreign keys,
 * cascading). The full-text part differs by dialect:
 * - SQLite: an FTS5 table `search_fts` over `search_texts.words` (external content, kept in step
 *   by triggers), tokenizer `unicode61` with diacritics kept and combining marks as word
 *   characters, like the words the application extracts.
 * - PostgreSQL: a stored generated column `tsv = to_tsvector('simple', words)` with a GIN index;
 *   the `simple` configuration only lower-cases, no stemming and no stop words.
 * Only words go into the full-text part, so both tokenize the same plain word list; hits are then
 * found in `text` by the application (shared/search/match.ts).
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../storage/migrations.ts';

export async function createSearchIndex(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    // An INTEGER PRIMARY KEY: FTS5's external content is addressed by rowid, which must not
    // change when the database is vacuumed.
    await sql`
      create table search_texts (
        id integer primary key,
        document_id text not null unique references documents(id) on delete cascade,
        project_id text not null references projects(id) on delete cascade,
        version integer not null,
        text text not null,
        words text not null
      )`.execute(db);
    await sql`
      create virtual table search_fts using fts5(
        words,
        content = 'search_texts',
        content_rowid = 'id',
        tokenize = "unicode61 remove_diacritics 0 categories 'L* M* N*'"
      )`.execute(db);
    await sql`
      create trigger search_texts_ai after insert on search_texts begin
        insert into search_fts (rowid, words) values (new.id, new.words);
      end`.execute(db);
    await sql`
      create trigger search_texts_ad after delete on search_texts begin
        insert into search_fts (search_fts, rowid, words) values ('delete', old.id, old.words);
      end`.execute(db);
    await sql`
      create trigger search_texts_au after update of words on search_texts begin
        insert into search_fts (search_fts, rowid, words) values ('delete', old.id, old.words);
        insert into search_fts (rowid, words) values (new.id, new.words);
      end`.execute(db);
  } else {
    await sql`
      create table search_texts (
        document_id text primary key references documents(id) on delete cascade,
        project_id text not null references projects(id) on delete cascade,
        version bigint not null,
        text text not null,
        words text not null,
        tsv tsvector generated always as (to_tsvector('simple'::regconfig, words)) stored
      )`.execute(db);
    await sql`create index search_texts_tsv on search_texts using gin (tsv)`.execute(db);
  }
  await sql`create index search_texts_project on search_texts (project_id)`.execute(db);
}
