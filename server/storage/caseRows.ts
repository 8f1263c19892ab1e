/**
 * The `CaseStore` part of the storage contract over Kysely (both dialects): attribute definitions
 * and cases with their documents.
 */
import type { Kysely, Transaction } from 'kysely';
import { AttributeTypeSchema } from '../../shared/schemas.ts';
import type { AttributeDefinition } from '../../shared/model/attributeTypes.ts';
import type { Case } from '../../shared/schemas.ts';
import type { Database } from './schema.ts';
import type { CasePatch, CaseStore, NewCase } from './Storage.ts';

/** Rows per INSERT or IN list, well below SQLite's bound-parameter limit. */
const CHUNK = 200;

type Db = Kysely<Database> | Transaction<Database>;

/** Links a case to those of `documentIds` that are documents of its project. */
async function insertMembers(trx: Db, projectId: string, caseId: string, documentIds: readonly string[]) {
  for (let i = 0; i < documentIds.length; i += CHUNK) {
    const chunk = documentIds.slice(i, i + CHUNK);
    const found = await trx
      .selectFrom('documents')
      .select('id')
      .where('project_id', '=', projectId)
      .where('id', 'in', chunk)
      .execute();
    if (found.length === 0) continue;
    await trx
      .insertInto('case_documents')
      .values(found.map((d) => ({ case_id: caseId, document_id: d.id })))
      .onConflict((oc) => oc.columns(['case_id', 'document_id']).doNothing())
      .execute();
  }
}

/** Inserts cases with their documents; used by `createCase` and by an import's commit. */
export async function insertCases(trx: Transaction<Database>, cases: readonly NewCase[]): Promise<void> {
  for (const c of cases) {
    await trx
      .insertInto('cases')
      .values({
        id: c.id,
        project_id: c.projectId,
        name: c.name,
        description: c.description,
        created_at: c.createdAt,
      })
      .execute();
    await insertMembers(trx, c.projectId, c.id, c.documentIds);
  }
}

/** Declares attribute types (`text` removes the definition); used by an import's commit too. */
export async function writeDefinitions(
  trx: Transaction<Database>,
  projectId: string,
  definitions: readonly AttributeDefinition[],
): Promise<void> {
  for (const d of definitions) {
    if (d.type === 'text') {
      await trx
        .deleteFrom('attribute_definitions')
        .where('project_id', '=', projectId)
        .where('name', '=', d.name)
        .execute();
    } else {
      await trx
        .insertInto('attribute_definitions')
        .values({ project_id: projectId, name: d.name, type: d.type })
        .onConflict((oc) => oc.columns(['project_id', 'name']).doUpdateSet({ type: d.type }))
        .execute();
    }
  }
}

export class CaseRows implements CaseStore {
  constructor(private readonly db: Kysely<Database>) {}

  async listAttributeDefinitions(projectId: string): Promise<AttributeDefinition[]> {
    const rows = await this.db
      .selectFrom('attribute_definitions')
      .select(['name', 'type'])
      .where('project_id', '=', projectId)
      .orderBy('name')
      .execute();
    return rows.map((r) => ({ name: r.name, type: AttributeTypeSchema.parse(r.type) }));
  }

  async putAttributeDefinition(
    projectId: string,
    definition: AttributeDefinition,
    documents: readonly { id: string; attributes: Record<string, string> }[],
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await writeDefinitions(trx, projectId, [definition]);
      for (const d of documents) {
        await trx
          .updateTable('documents')
          .set({ attributes: JSON.stringify(d.attributes) })
          .where('id', '=', d.id)
          .where('project_id', '=', projectId)
          .execute();
      }
    });
  }

  async createCase(kase: NewCase): Promise<Case> {
    await this.db.transaction().execute((trx) => insertCases(trx, [kase]));
    return (await this.getCase(kase.projectId, kase.id))!;
  }

  async listCases(projectId: string): Promise<Case[]> {
    const rows = await this.db
      .selectFrom('cases')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('created_at')
      .orderBy('name')
      .orderBy('id')
      .execute();
    const members = await this.db
      .selectFrom('case_documents')
      .innerJoin('cases', 'cases.id', 'case_documents.case_id')
      .innerJoin('documents', 'documents.id', 'case_documents.document_id')
      .select(['case_documents.case_id as caseId', 'case_documents.document_id as documentId'])
      .where('cases.project_id', '=', projectId)
      .orderBy('documents.ord')
      .execute();
    const byCase = new Map<string, string[]>();
    for (const m of members) {
      const list = byCase.get(m.caseId) ?? [];
      list.push(m.documentId);
      byCase.set(m.caseId, list);
    }
    return rows.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      name: r.name,
      description: r.description,
      documentIds: byCase.get(r.id) ?? [],
      createdAt: r.created_at,
    }));
  }

  async getCase(projectId: string, caseId: string): Promise<Case | null> {
    const row = await this.db
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', caseId)
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    if (!row) return null;
    const members = await this.db
      .selectFrom('case_documents')
      .innerJoin('documents', 'documents.id', 'case_documents.document_id')
      .select('case_documents.document_id as documentId')
      .where('case_documents.case_id', '=', caseId)
      .orderBy('documents.ord')
      .execute();
    return {
      id: row.id,
      projectId: row.project_id,
      name: row.name,
      description: row.description,
      documentIds: members.map((m) => m.documentId),
      createdAt: row.created_at,
    };
  }

  async updateCase(projectId: string, caseId: string, patch: CasePatch): Promise<Case | null> {
    const found = await this.db.transaction().execute(async (trx) => {
      const set: Partial<{ name: string; description: string }> = {};
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.description !== undefined) set.description = patch.description;
      const exists = await trx
        .selectFrom('cases')
        .select('id')
        .where('id', '=', caseId)
        .where('project_id', '=', projectId)
        .executeTakeFirst();
      if (!exists) return false;
      if (Object.keys(set).length > 0)
        await trx.updateTable('cases').set(set).where('id', '=', caseId).execute();
      if (patch.documentIds !== undefined) {
        await trx.deleteFrom('case_documents').where('case_id', '=', caseId).execute();
        await insertMembers(trx, projectId, caseId, patch.documentIds);
      }
      return true;
    });
    return found ? this.getCase(projectId, caseId) : null;
  }

  async deleteCase(projectId: string, caseId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('cases')
      .where('id', '=', caseId)
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
