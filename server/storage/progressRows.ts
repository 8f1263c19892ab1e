/**
 * Stored progress per document and layer over Kysely (both dialects): derived data that
 * `ProgressService` keeps current, with the log positions it was derived from, and the current
 * log positions of a project's text and layer rooms to tell a stale row.
 */
import { sql, type Kysely } from 'kysely';
import type { StoredLayerProgress } from '../../shared/progress/progress.ts';
import type { Dialect } from './migrations.ts';
import type { Database } from './schema.ts';

/** Rows per INSERT, well below SQLite's bound-parameter limit (8 columns each). */
const CHUNK = 100;

/** A room of one of a project's documents and its log position. */
export interface DocumentRoomSeq {
  documentId: string;
  room: string;
  seq: number;
}

/** The stored progress of a project's documents (see `ProgressService`). */
export interface ProgressStore {
  /** Every stored layer row of the project's documents, in no particular order. */
  listProgress(projectId: string): Promise<StoredLayerProgress[]>;
  /**
   * The text and layer rooms (recode layers included) of the project's documents with their
   * last log positions; a document without stored state has none.
   */
  documentRoomSeqs(projectId: string): Promise<DocumentRoomSeq[]>;
  /** Replaces a document's rows by `rows` in one transaction (none: the document has no layers). */
  replaceProgress(documentId: string, rows: readonly StoredLayerProgress[]): Promise<void>;
}

export class ProgressRows implements ProgressStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async listProgress(projectId: string): Promise<StoredLayerProgress[]> {
    const rows = await this.db
      .selectFrom('document_progress as p')
      .innerJoin('documents as d', 'd.id', 'p.document_id')
      .selectAll('p')
      .where('d.project_id', '=', projectId)
      .execute();
    return rows.map((r) => ({
      documentId: r.document_id,
      coder: r.layer,
      codings: Number(r.codings),
      covered: Number(r.covered),
      length: Number(r.length),
      done: Number(r.done) === 1,
      textSeq: Number(r.text_seq),
      layerSeq: Number(r.layer_seq),
    }));
  }

  async documentRoomSeqs(projectId: string): Promise<DocumentRoomSeq[]> {
    // One query for the whole project: each document's layer rooms are a range of names, read
    // through the rooms' name index (byte order: see migration 0013), its text room by name.
    const name = this.dialect === 'postgres' ? sql`r.name collate "C"` : sql`r.name`;
    const { rows } = await sql<{ document_id: string; name: string; last_seq: number | string }>`
      select d.id as document_id, r.name as name, r.last_seq as last_seq
        from documents d
        join rooms r on ${name} >= ('layer:' || d.id || ':') and ${name} < ('layer:' || d.id || ';')
       where d.project_id = ${projectId}
      union all
      select d.id, r.name, r.last_seq
        from documents d
        join rooms r on r.name = ('text:' || d.id)
       where d.project_id = ${projectId}`.execute(this.db);
    return rows.map((r) => ({ documentId: r.document_id, room: r.name, seq: Number(r.last_seq) }));
  }

  async replaceProgress(documentId: string, rows: readonly StoredLayerProgress[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      // The document's row is locked first (PostgreSQL; SQLite runs one writer at a time), so two
      // instances rebuilding the same document write one after the other instead of colliding.
      const find = trx.selectFrom('documents').select('id').where('id', '=', documentId);
      const exists = await (this.dialect === 'postgres' ? find.forUpdate() : find).executeTakeFirst();
      await trx.deleteFrom('document_progress').where('document_id', '=', documentId).execute();
      // A document deleted meanwhile keeps no rows.
      if (!exists) return;
      for (let i = 0; i < rows.length; i += CHUNK) {
        await trx
          .insertInto('document_progress')
          .values(
            rows.slice(i, i + CHUNK).map((r) => ({
              document_id: documentId,
              layer: r.coder,
              codings: r.codings,
              covered: r.covered,
              length: r.length,
              done: r.done ? 1 : 0,
              text_seq: r.textSeq,
              layer_seq: r.layerSeq,
            })),
          )
          .execute();
      }
    });
  }
}
