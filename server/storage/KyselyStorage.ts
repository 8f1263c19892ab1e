/**
 * The storage contract over Kysely: one code path for SQLite and PostgreSQL. Dialect-specific
 * setup (drivers, pragmas, type parsers) lives in the small factories beside this file.
 */
import { Migrator, sql, type Kysely } from 'kysely';
import type { Document, Membership, Project, Role, User } from '../../shared/schemas.ts';
import { migrationProvider, type Dialect } from './migrations.ts';
import type { Database, DocumentsTable, ProjectsTable, UsersTable } from './schema.ts';
import type { NewDocument, NewProject, NewUser, RoomLog, Storage, StoredUpdate } from './Storage.ts';

/** Rows per INSERT, well below SQLite's bound-parameter limit. */
const INSERT_CHUNK = 500;

export class KyselyStorage implements Storage {
  /** Use `open`, which migrates the schema first. */
  protected constructor(
    protected readonly db: Kysely<Database>,
    readonly kind: Dialect,
  ) {}

  /** Opens storage on a Kysely instance and brings its schema up to date. */
  static async open(db: Kysely<Database>, kind: Dialect): Promise<KyselyStorage> {
    await KyselyStorage.migrate(db, kind);
    return new KyselyStorage(db, kind);
  }

  /** Applies pending migrations; throws naming the one that failed. */
  protected static async migrate(db: Kysely<Database>, kind: Dialect): Promise<void> {
    const migrator = new Migrator({ db, provider: migrationProvider(kind) });
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
      throw new Error(`database migration ${failed} failed`, { cause: error });
    }
  }

  async appendUpdates(room: string, updates: readonly Uint8Array[]): Promise<number> {
    if (updates.length === 0) throw new RangeError('appendUpdates needs at least one update');
    return this.db.transaction().execute(async (trx) => {
      // The upsert takes the room row's lock (PostgreSQL) or the write lock (SQLite) first, so
      // concurrent appenders, even in other processes, get consecutive, gap-free numbers.
      const row = await trx
        .insertInto('rooms')
        .values({ name: room, last_seq: updates.length, snapshot: null, snapshot_seq: 0 })
        .onConflict((oc) =>
          oc.column('name').doUpdateSet({ last_seq: sql<number>`rooms.last_seq + ${updates.length}` }),
        )
        .returning('last_seq')
        .executeTakeFirstOrThrow();
      const last = Number(row.last_seq);
      const first = last - updates.length + 1;
      for (let i = 0; i < updates.length; i += INSERT_CHUNK) {
        await trx
          .insertInto('room_updates')
          .values(updates.slice(i, i + INSERT_CHUNK).map((data, j) => ({ room, seq: first + i + j, data })))
          .execute();
      }
      return last;
    });
  }

  async loadRoom(room: string): Promise<RoomLog> {
    return this.db.transaction().execute(async (trx) => {
      const head = await trx
        .selectFrom('rooms')
        .select(['snapshot', 'snapshot_seq'])
        .where('name', '=', room)
        .executeTakeFirst();
      const snapshotSeq = head ? Number(head.snapshot_seq) : 0;
      const rows = await trx
        .selectFrom('room_updates')
        .select(['seq', 'data'])
        .where('room', '=', room)
        .where('seq', '>', snapshotSeq)
        .orderBy('seq')
        .execute();
      return { snapshot: head?.snapshot ?? null, snapshotSeq, updates: rows.map(toStoredUpdate) };
    });
  }

  async readUpdatesSince(room: string, afterSeq: number): Promise<StoredUpdate[]> {
    const rows = await this.db
      .selectFrom('room_updates')
      .select(['seq', 'data'])
      .where('room', '=', room)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .execute();
    return rows.map(toStoredUpdate);
  }

  async compact(room: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('rooms')
        .set({ snapshot, snapshot_seq: throughSeq })
        .where('name', '=', room)
        .where('snapshot_seq', '<=', throughSeq)
        .where('last_seq', '>=', throughSeq)
        .executeTakeFirst();
      // Only delete what this snapshot really covers; a stale compaction changes nothing.
      if (Number(result.numUpdatedRows) === 0) return;
      await trx.deleteFrom('room_updates').where('room', '=', room).where('seq', '<=', throughSeq).execute();
    });
  }

  async listRooms(prefix = ''): Promise<string[]> {
    const rows = await this.db
      .selectFrom('rooms')
      .select('name')
      // substr, not LIKE: ids may contain "_", which LIKE would treat as a wildcard.
      .where(sql<string>`substr(name, 1, ${prefix.length})`, '=', prefix)
      .orderBy('name')
      .execute();
    return rows.map((r) => r.name);
  }

  async createProject(p: NewProject): Promise<Project> {
    await this.db
      .insertInto('projects')
      .values({ id: p.id, name: p.name, description: p.description, created_at: p.createdAt })
      .execute();
    return { ...p };
  }

  async listProjects(): Promise<Project[]> {
    const rows = await this.db
      .selectFrom('projects')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toProject);
  }

  async getProject(id: string): Promise<Project | null> {
    const row = await this.db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toProject(row) : null;
  }

  async createDocument(d: NewDocument): Promise<Document> {
    return this.db.transaction().execute(async (trx) => {
      const max = await trx
        .selectFrom('documents')
        .select((eb) => eb.fn.max<number | null>('ord').as('ord'))
        .where('project_id', '=', d.projectId)
        .executeTakeFirst();
      const order = (max?.ord ?? 0) + 1;
      await trx
        .insertInto('documents')
        .values({
          id: d.id,
          project_id: d.projectId,
          title: d.title,
          attributes: JSON.stringify(d.attributes),
          ord: order,
          created_at: d.createdAt,
        })
        .execute();
      return { ...d, order };
    });
  }

  async listDocuments(projectId: string): Promise<Document[]> {
    const rows = await this.db
      .selectFrom('documents')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('ord')
      .execute();
    return rows.map(toDocument);
  }

  async getDocument(id: string): Promise<Document | null> {
    const row = await this.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toDocument(row) : null;
  }

  async createUser(u: NewUser): Promise<User> {
    await this.db
      .insertInto('users')
      .values({
        id: u.id,
        email: u.email,
        name: u.name,
        synthetic: u.synthetic ? 1 : 0,
        created_at: u.createdAt,
        password_hash: null,
      })
      .execute();
    return { ...u };
  }

  async getUser(id: string): Promise<User | null> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async getUserByEmail(email: string): Promise<User | null> {
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async listUsers(): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(toUser);
  }

  async putMember(projectId: string, userId: string, role: Role): Promise<Membership> {
    await this.db
      .insertInto('memberships')
      .values({ project_id: projectId, user_id: userId, role })
      .onConflict((oc) => oc.columns(['project_id', 'user_id']).doUpdateSet({ role }))
      .execute();
    return { projectId, userId, role };
  }

  async listMembers(projectId: string): Promise<Membership[]> {
    const rows = await this.db
      .selectFrom('memberships')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('user_id')
      .execute();
    return rows.map((r) => ({ projectId: r.project_id, userId: r.user_id, role: r.role as Role }));
  }

  async getSetting(key: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.value ?? null;
  }

  async putSetting(key: string, value: string): Promise<void> {
    await this.db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

function toStoredUpdate(row: { seq: number; data: Uint8Array }): StoredUpdate {
  return { seq: Number(row.seq), data: row.data };
}

function toProject(r: ProjectsTable): Project {
  return { id: r.id, name: r.name, description: r.description, createdAt: r.created_at };
}

function toDocument(r: DocumentsTable): Document {
  return {
    id: r.id,
    projectId: r.project_id,
    title: r.title,
    attributes: JSON.parse(r.attributes) as Record<string, string>,
    order: r.ord,
    createdAt: r.created_at,
  };
}

function toUser(r: UsersTable): User {
  return { id: r.id, email: r.email, name: r.name, synthetic: r.synthetic === 1, createdAt: r.created_at };
}
