/**
 * The `MemoStore` part of the storage contract over Kysely (both dialects): memo metadata and the
 * plain-text copy of each body that lists and searches read (the room holds the body's truth).
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { MemoKindSchema, MemoLinksSchema } from '../../shared/memos/schemas.ts';
import type { Database, MemosTable } from './schema.ts';
import type { MemoPatch, MemoStore, StoredMemo } from './Storage.ts';

/** Rows per INSERT, well below SQLite's bound-parameter limit (9 columns each). */
const CHUNK = 100;

type MemoRow = Selectable<MemosTable> & { author_name: string | null };

function toMemo(row: MemoRow): StoredMemo {
  return {
    id: row.id,
    projectId: row.project_id,
    authorId: row.author_id,
    authorName: row.author_name,
    kind: MemoKindSchema.parse(row.kind),
    title: row.title,
    links: MemoLinksSchema.parse(JSON.parse(row.links)),
    body: row.body,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRow(m: Omit<StoredMemo, 'authorName'>): Selectable<MemosTable> {
  return {
    id: m.id,
    project_id: m.projectId,
    author_id: m.authorId,
    kind: m.kind,
    title: m.title,
    links: JSON.stringify(m.links),
    body: m.body,
    created_at: m.createdAt,
    updated_at: m.updatedAt,
  };
}

/** Writes memo rows inside a transaction (an import's commit). */
export async function insertMemos(
  trx: Transaction<Database>,
  memos: readonly Omit<StoredMemo, 'authorName'>[],
): Promise<void> {
  for (let i = 0; i < memos.length; i += CHUNK) {
    await trx
      .insertInto('memos')
      .values(memos.slice(i, i + CHUNK).map(toRow))
      .execute();
  }
}

export class MemoRows implements MemoStore {
  constructor(
    private readonly db: Kysely<Database>,
    /** Raises a project's access version in the transaction (so open memo rooms are re-checked). */
    private readonly raiseAccessVersion: (trx: Transaction<Database>, projectId: string) => Promise<void>,
  ) {}

  private select() {
    return this.db
      .selectFrom('memos')
      .leftJoin('users', 'users.id', 'memos.author_id')
      .selectAll('memos')
      .select('users.name as author_name');
  }

  async createMemo(memo: Omit<StoredMemo, 'authorName'>): Promise<StoredMemo> {
    await this.db.insertInto('memos').values(toRow(memo)).execute();
    return (await this.getMemo(memo.id))!;
  }

  async listMemos(projectId: string): Promise<StoredMemo[]> {
    const rows = await this.select()
      .where('memos.project_id', '=', projectId)
      .orderBy('memos.created_at')
      .orderBy('memos.id')
      .execute();
    return rows.map(toMemo);
  }

  async getMemo(id: string): Promise<StoredMemo | null> {
    const row = await this.select().where('memos.id', '=', id).executeTakeFirst();
    return row ? toMemo(row) : null;
  }

  async updateMemo(projectId: string, id: string, patch: MemoPatch): Promise<StoredMemo | null> {
    const set: Partial<{ title: string; links: string; updated_at: string }> = {
      updated_at: patch.updatedAt,
    };
    if (patch.title !== undefined) set.title = patch.title;
    if (patch.links !== undefined) set.links = JSON.stringify(patch.links);
    await this.db
      .updateTable('memos')
      .set(set)
      .where('id', '=', id)
      .where('project_id', '=', projectId)
      .execute();
    const memo = await this.getMemo(id);
    return memo?.projectId === projectId ? memo : null;
  }

  async setMemoBody(id: string, body: string, updatedAt: string): Promise<boolean> {
    const result = await this.db
      .updateTable('memos')
      .set({ body, updated_at: updatedAt })
      .where('id', '=', id)
      // Unchanged bodies keep their date: a room reloaded elsewhere is not an edit.
      .where('body', '<>', body)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async deleteMemo(projectId: string, id: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom('memos')
        .where('id', '=', id)
        .where('project_id', '=', projectId)
        .executeTakeFirst();
      const deleted = Number(result.numDeletedRows) > 0;
      // Open connections to its room are re-checked wherever the version is watched.
      if (deleted) await this.raiseAccessVersion(trx, projectId);
      return deleted;
    });
  }
}
