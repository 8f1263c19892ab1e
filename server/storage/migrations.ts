/**
 * Schema migrations, one source for both dialects. The only dialect difference is the binary
 * column type, passed in.
 */
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { createSearchIndex } from '../search/searchSchema.ts';

export type Dialect = 'sqlite' | 'postgres';

function migrations(dialect: Dialect): Record<string, Migration> {
  const blob = dialect === 'postgres' ? sql`bytea` : sql`blob`;
  const bigint = dialect === 'postgres' ? sql`bigint` : sql`integer`;
  return {
    '0001_initial': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('rooms')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('last_seq', bigint, (c) => c.notNull().defaultTo(0))
          .addColumn('snapshot', blob)
          .addColumn('snapshot_seq', bigint, (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .createTable('room_updates')
          .addColumn('room', 'text', (c) => c.notNull())
          .addColumn('seq', bigint, (c) => c.notNull())
          .addColumn('data', blob, (c) => c.notNull())
          .addPrimaryKeyConstraint('room_updates_pk', ['room', 'seq'])
          .execute();
        await db.schema
          .createTable('projects')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('documents')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('{}'))
          .addColumn('ord', 'real', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('documents_project')
          .on('documents')
          .columns(['project_id', 'ord'])
          .execute();
        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('email', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('synthetic', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text')
          .execute();
        await db.schema
          .createTable('memberships')
          .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('role', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('memberships_pk', ['project_id', 'user_id'])
          .execute();
        await db.schema
          .createTable('settings')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0002_accounts': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('users')
          .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        // Round settings: a blind round hides coders' layers from each other.
        await db.schema
          .alterTable('projects')
          .addColumn('blind', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .alterTable('projects')
          .addColumn('coders_edit_text', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        // Session cookies and API tokens alike; only a SHA-256 of the secret is stored.
        await db.schema
          .createTable('credentials')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('csrf', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text')
          .execute();
        await db.schema.createIndex('credentials_user').on('credentials').column('user_id').execute();
        await db.schema
          .createTable('audit_log')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('project_id', 'text')
          .addColumn('actor_id', 'text')
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('audit_log_project')
          .on('audit_log')
          .columns(['project_id', 'created_at'])
          .execute();
        await db.schema
          .createTable('invitations')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addColumn('used_by', 'text')
          .execute();
      },
    },
    '0003_access_version': {
      async up(db: Kysely<unknown>) {
        // Raised by every change to a project's memberships, roles or round, in the same statement
        // group: instances poll it to learn access changes even when the fan-out is down.
        await db.schema
          .alterTable('projects')
          .addColumn('access_version', bigint, (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
    '0004_imports': {
      async up(db: Kysely<unknown>) {
        // An import under way: what to remove when it never finishes (the process was killed).
        // Its metadata is written in one transaction that also deletes this row, so a project
        // appears whole or not at all; only rooms can be left behind, and this row names them.
        await db.schema
          .createTable('pending_imports')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('project_id', 'text', (c) => c.notNull())
          .addColumn('new_project', 'integer', (c) => c.notNull())
          .addColumn('document_ids', 'text', (c) => c.notNull())
          .addColumn('started_at', 'text', (c) => c.notNull())
          .execute();
        // The REFI-QDA user GUIDs a user was imported under, so importing a file again finds them.
        await db.schema
          .createTable('refi_users')
          .addColumn('guid', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('refi_users_user').on('refi_users').column('user_id').execute();
      },
    },
    '0005_rounds': {
      async up(db: Kysely<unknown>) {
        // The last codebook version number recorded for the project: raised in the statement that
        // records the next one, so concurrent recorders get distinct numbers 1, 2, 3, …
        await db.schema
          .alterTable('projects')
          .addColumn('codebook_version', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .createTable('codebook_versions')
          .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('round_id', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text')
          .addColumn('code_count', 'integer', (c) => c.notNull())
          // JSON array of the codes with their details (shared/model/codebookEntries.ts).
          .addColumn('codes', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('codebook_versions_pk', ['project_id', 'version'])
          .execute();
        // Merges, so a diff can say "merged into" instead of "removed": each is numbered by the
        // last version recorded before it.
        await db.schema
          .createTable('code_merges')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
          .addColumn('source_id', 'text', (c) => c.notNull())
          .addColumn('target_id', 'text', (c) => c.notNull())
          .addColumn('after_version', 'integer', (c) => c.notNull())
          .addColumn('merged_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('code_merges_project')
          .on('code_merges')
          .columns(['project_id', 'after_version'])
          .execute();
        await db.schema
          .createTable('rounds')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('blind', 'integer', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          // JSON: the sample's specification and allocation; null when documents were listed.
          .addColumn('sample', 'text')
          .addColumn('codebook_version', 'integer', (c) => c.notNull())
          .addColumn('closed_codebook_version', 'integer')
          .addColumn('started_at', 'text', (c) => c.notNull())
          .addColumn('started_by', 'text')
          .addColumn('closed_at', 'text')
          // The project's blind setting before the round, restored when it closes.
          .addColumn('blind_before', 'integer', (c) => c.notNull())
          // JSON: the agreement report frozen at close, with the log positions it read.
          .addColumn('frozen_agreement', 'text')
          .execute();
        await db.schema
          .createIndex('rounds_project')
          .on('rounds')
          .columns(['project_id', 'started_at'])
          .execute();
        // At most one open round per project, whatever instance starts it.
        await db.schema
          .createIndex('rounds_one_open')
          .unique()
          .on('rounds')
          .column('project_id')
          .where(sql.ref('status'), '=', 'open')
          .execute();
        await db.schema
          .createTable('round_documents')
          .addColumn('round_id', 'text', (c) => c.notNull().references('rounds.id').onDelete('cascade'))
          .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
          .addPrimaryKeyConstraint('round_documents_pk', ['round_id', 'document_id'])
          .execute();
        await db.schema
          .createTable('round_coders')
          .addColumn('round_id', 'text', (c) => c.notNull().references('rounds.id').onDelete('cascade'))
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addPrimaryKeyConstraint('round_coders_pk', ['round_id', 'user_id'])
          .execute();
        await db.schema
          .createTable('assignments')
          .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
          .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addPrimaryKeyConstraint('assignments_pk', ['document_id', 'user_id'])
          .execute();
        await db.schema.createIndex('assignments_project').on('assignments').column('project_id').execute();
      },
    },
    '0006_target': {
      async up(db: Kysely<unknown>) {
        // JSON: the agreement the team aims for (measure and value); null when none is set.
        await db.schema.alterTable('projects').addColumn('target', 'text').execute();
      },
    },
    '0007_recode': {
      async up(db: Kysely<unknown>) {
        // 1 when each coder codes the round's documents again in a fresh layer (intra-coder agreement).
        await db.schema
          .alterTable('rounds')
          .addColumn('recode', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
    '0008_coded_before': {
      async up(db: Kysely<unknown>) {
        // JSON array: the round's documents some of its coders had coded before it started.
        await db.schema.alterTable('rounds').addColumn('coded_before', 'text').execute();
      },
    },
    // The full-text index of transcripts: derived data, rebuilt from the text rooms when missing
    // (server/search/SearchIndex.ts, docs/search.md). Rows go with their document or project.
    '0009_search': {
      up: (db: Kysely<unknown>) => createSearchIndex(db, dialect),
    },
    '0010_memos': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('memos')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
          .addColumn('author_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          // JSON: { codes, documents, passages: [{ documentId, start, end }] } in code points.
          .addColumn('links', 'text', (c) => c.notNull())
          // Plain text of the memo room's body, rewritten (debounced) when the room changes.
          .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('memos_project')
          .on('memos')
          .columns(['project_id', 'created_at'])
          .execute();
      },
    },
    '0011_cases': {
      async up(db: Kysely<unknown>) {
        // A project's typed attributes; an attribute without a row is text.
        await db.schema
          .createTable('attribute_definitions')
          .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('type', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('attribute_definitions_pk', ['project_id', 'name'])
          .execute();
        await db.schema
          .createTable('cases')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('cases_project')
          .on('cases')
          .columns(['project_id', 'created_at'])
          .execute();
        await db.schema
          .createTable('case_documents')
          .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
          .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
          .addPrimaryKeyConstraint('case_documents_pk', ['case_id', 'document_id'])
          .execute();
        // Deleting a document finds its memberships without a scan.
        await db.schema
          .createIndex('case_documents_document')
          .on('case_documents')
          .column('document_id')
          .execute();
      },
    },
    '0012_document_sources': {
      async up(db: Kysely<unknown>) {
        // The original file of a PDF document or recording (docs/sources.md); typed text has none.
        await db.schema
          .createTable('document_sources')
          .addColumn('document_id', 'text', (c) =>
            c.primaryKey().references('documents.id').onDelete('cascade'),
          )
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('sha256', 'text', (c) => c.notNull())
          .addColumn('media_type', 'text', (c) => c.notNull())
          .addColumn('file_name', 'text', (c) => c.notNull())
          .addColumn('bytes', bigint, (c) => c.notNull())
          // JSON [{ start, end }] in code points, one per page of a PDF; null for recordings.
          .addColumn('pages', 'text')
          .execute();
        // Whether a kept file is still referenced, without a scan.
        await db.schema
          .createIndex('document_sources_sha256')
          .on('document_sources')
          .column('sha256')
          .execute();
        // PostgreSQL keeps the files themselves (PostgresBlobStore); SQLite keeps them on disk.
        if (dialect !== 'postgres') return;
        await db.schema
          .createTable('blobs')
          .addColumn('sha256', 'text', (c) => c.primaryKey())
          .addColumn('blob_id', 'text', (c) => c.notNull().unique())
          .addColumn('bytes', bigint, (c) => c.notNull())
          .addColumn('chunk_bytes', 'integer', (c) => c.notNull())
          .addColumn('stored_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('blob_chunks')
          .addColumn('blob_id', 'text', (c) => c.notNull())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('data', blob, (c) => c.notNull())
          .addPrimaryKeyConstraint('blob_chunks_pk', ['blob_id', 'seq'])
          .execute();
      },
    },
    '0013_document_progress': {
      async up(db: Kysely<unknown>) {
        // Each layer's progress on a document, derived from its rooms and kept current as they
        // change (ProgressService); the log positions say which state it describes, so a stale
        // row is found and rebuilt (docs/capacity.md, "Progress as derived data").
        await db.schema
          .createTable('document_progress')
          .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
          .addColumn('layer', 'text', (c) => c.notNull())
          .addColumn('codings', 'integer', (c) => c.notNull())
          .addColumn('covered', 'integer', (c) => c.notNull())
          .addColumn('length', 'integer', (c) => c.notNull())
          .addColumn('done', 'integer', (c) => c.notNull())
          .addColumn('text_seq', bigint, (c) => c.notNull())
          .addColumn('layer_seq', bigint, (c) => c.notNull())
          .addPrimaryKeyConstraint('document_progress_pk', ['document_id', 'layer'])
          .execute();
        // A document's layer rooms are found by a range of room names ('layer:<id>:' up to
        // 'layer:<id>;'), which needs byte order: SQLite's primary key has it, PostgreSQL's
        // default collation may not.
        if (dialect === 'postgres') {
          await sql`create index rooms_name_bytes on rooms (name collate "C")`.execute(db);
        }
      },
    },
  };
}

/** Supplies the migrations to Kysely's `Migrator`. */
export function migrationProvider(dialect: Dialect): MigrationProvider {
  return { getMigrations: () => Promise.resolve(migrations(dialect)) };
}
