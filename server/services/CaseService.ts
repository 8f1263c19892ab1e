/**
 * Typed attributes and cases of a project (docs/cases.md). A type is a project-level definition;
 * values stay strings in the documents' attribute maps, in the canonical form of their type
 * (`shared/model/attributeTypes.ts`), so every filter, stratum and export keeps reading them.
 * A case groups documents; its rows live in the metadata store.
 */
import { AppError, type ValidationIssue } from '../../shared/errors.ts';
import { attributeValue } from '../../shared/model/attributes.ts';
import {
  checkAttributes,
  convertValues,
  typeOf,
  type AttributeDefinition,
  type AttributeType,
} from '../../shared/model/attributeTypes.ts';
import { textMeta } from '../../shared/model/text.ts';
import { roomName } from '../../shared/protocol.ts';
import type { Case, CreateCaseBody, UpdateCaseBody } from '../../shared/schemas.ts';
import { audit } from './audit.ts';
import type { ServiceDeps } from './ProjectService.ts';

/** One attribute of a project: its name and type (`text` when it has no definition). */
export interface ProjectAttribute {
  name: string;
  type: AttributeType;
  /** How many documents hold a value (possibly empty) for it. */
  documents: number;
}

/**
 * Checks a document's attribute map against the project's types: resolves to the map with every
 * value in canonical form, or throws `validation` with one issue per misfitting value at
 * `[...path, name]` (e.g. `attributes.age: “forty” is not a number`).
 */
export async function typedAttributes(
  storage: ServiceDeps['storage'],
  projectId: string,
  attributes: Readonly<Record<string, string>>,
  path: readonly string[] = ['attributes'],
): Promise<Record<string, string>> {
  const definitions = await storage.listAttributeDefinitions(projectId);
  const { attributes: canonical, problems } = checkAttributes(definitions, attributes);
  if (problems.length > 0) {
    const issues: ValidationIssue[] = problems.map((p) => ({
      path: [...path, p.name],
      message: p.message,
      code: 'custom',
    }));
    throw new AppError(
      'validation',
      issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      issues,
    );
  }
  return canonical;
}

/**
 * Attribute maps arriving from files into an existing project, under its types, without refusing
 * the files: values that fit are made canonical; values that do not are kept as written (nothing
 * is lost) and named in the warnings, for the person importing to fix in the table.
 */
export async function cleanImportedAttributes(
  storage: ServiceDeps['storage'],
  projectId: string,
  documents: readonly { title: string; attributes: Readonly<Record<string, string>> }[],
): Promise<{ attributes: Record<string, string>[]; warnings: string[] }> {
  const definitions = await storage.listAttributeDefinitions(projectId);
  const warnings: string[] = [];
  const attributes = documents.map((d) => {
    const checked = checkAttributes(definitions, d.attributes);
    for (const p of checked.problems)
      warnings.push(`${d.title}: ${p.name}: ${p.message}; the value was kept as written, for you to correct`);
    return checked.attributes;
  });
  return { attributes, warnings };
}

export class CaseService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * Every attribute of the project: those with a definition and those any document holds, by
   * name; undefined ones are `text`.
   */
  async attributes(projectId: string): Promise<ProjectAttribute[]> {
    const { storage } = this.deps;
    const definitions = await storage.listAttributeDefinitions(projectId);
    const counts = new Map<string, number>(definitions.map((d) => [d.name, 0]));
    for (const d of await storage.listDocuments(projectId))
      for (const name of Object.keys(d.attributes)) counts.set(name, (counts.get(name) ?? 0) + 1);
    return [...counts]
      .map(([name, documents]) => ({ name, type: typeOf(definitions, name), documents }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * Gives attribute `name` the type `type`, converting every document's value to its canonical
   * form in the same write. When any value does not fit, nothing changes and `validation` lists
   * each such document (issues at `documents.<documentId>`, naming its title and value).
   * Audited as `attribute.type` with the old and new type.
   */
  async setType(
    projectId: string,
    name: string,
    type: AttributeType,
    actorId: string,
  ): Promise<ProjectAttribute> {
    const { storage, registry } = this.deps;
    const definitions = await storage.listAttributeDefinitions(projectId);
    const before = typeOf(definitions, name);
    const documents = await storage.listDocuments(projectId);
    const holding = documents.flatMap((d) => {
      const value = attributeValue(d.attributes, name);
      return value === undefined ? [] : [{ documentId: d.id, title: d.title, value, document: d }];
    });
    const result = convertValues(type, holding);
    if (!result.ok) {
      throw new AppError(
        'validation',
        `${result.misfits.length} of ${holding.length} values of “${name}” cannot be ${article(type)}: ${result.misfits
          .slice(0, 5)
          .map((m) => `${m.title} (${m.message})`)
          .join('; ')}${result.misfits.length > 5 ? '; …' : ''}`,
        result.misfits.map((m) => ({
          path: ['documents', m.documentId],
          message: `${m.title}: ${m.message}`,
          code: 'custom',
        })),
      );
    }
    const changed = holding.flatMap((h, i) => {
      const value = result.values[i]!.value;
      return value === h.value
        ? []
        : [{ id: h.documentId, attributes: { ...h.document.attributes, [name]: value } }];
    });
    const definition: AttributeDefinition = { name, type };
    await storage.putAttributeDefinition(projectId, definition, changed);
    // The text rooms carry the attributes too (exports read either); live views learn of it.
    for (const d of changed) {
      await registry.change(roomName.text(d.id), (doc) => textMeta(doc).set('attributes', d.attributes));
      registry.announce(roomName.text(d.id));
    }
    if (before !== type) {
      await audit(this.deps, {
        projectId,
        actorId,
        action: 'attribute.type',
        details: { name, from: before, to: type, converted: changed.length },
      });
    }
    return { name, type, documents: holding.length };
  }

  listCases(projectId: string): Promise<Case[]> {
    return this.deps.storage.listCases(projectId);
  }

  /** A case of the project; throws `notFound` otherwise. */
  async requireCase(projectId: string, caseId: string): Promise<Case> {
    const found = await this.deps.storage.getCase(projectId, caseId);
    if (!found) throw new AppError('notFound', `case '${caseId}' does not exist in project '${projectId}'`);
    return found;
  }

  /** Creates a case; `validation` (at `documentIds.<i>`) names ids that are not the project's documents. */
  async createCase(projectId: string, body: CreateCaseBody, actorId: string): Promise<Case> {
    const { storage, now, newId } = this.deps;
    await this.checkDocuments(projectId, body.documentIds);
    const created = await storage.createCase({
      id: newId(),
      projectId,
      name: body.name,
      description: body.description,
      documentIds: body.documentIds,
      createdAt: now().toISOString(),
    });
    await audit(this.deps, {
      projectId,
      actorId,
      action: 'case.create',
      details: { caseId: created.id, name: created.name, documentIds: created.documentIds },
    });
    return created;
  }

  /** Changes a case's name, description or documents; `notFound` when it is not the project's. */
  async updateCase(projectId: string, caseId: string, body: UpdateCaseBody, actorId: string): Promise<Case> {
    const before = await this.requireCase(projectId, caseId);
    if (body.documentIds) await this.checkDocuments(projectId, body.documentIds);
    const updated = await this.deps.storage.updateCase(projectId, caseId, body);
    if (!updated) throw new AppError('notFound', `case '${caseId}' does not exist in project '${projectId}'`);
    await audit(this.deps, {
      projectId,
      actorId,
      action: 'case.update',
      details: {
        caseId,
        name: updated.name,
        ...(body.name !== undefined && body.name !== before.name ? { from: before.name, to: body.name } : {}),
        ...(body.documentIds ? { documentIds: updated.documentIds } : {}),
        ...(body.description !== undefined ? { description: true } : {}),
      },
    });
    return updated;
  }

  /** Deletes a case (its documents stay); `notFound` when it is not the project's. */
  async deleteCase(projectId: string, caseId: string, actorId: string): Promise<void> {
    const before = await this.requireCase(projectId, caseId);
    if (!(await this.deps.storage.deleteCase(projectId, caseId)))
      throw new AppError('notFound', `case '${caseId}' does not exist in project '${projectId}'`);
    await audit(this.deps, {
      projectId,
      actorId,
      action: 'case.delete',
      details: { caseId, name: before.name },
    });
  }

  private async checkDocuments(projectId: string, ids: readonly string[]): Promise<void> {
    const known = new Set((await this.deps.storage.listDocuments(projectId)).map((d) => d.id));
    const issues: ValidationIssue[] = [];
    ids.forEach((id, i) => {
      if (!known.has(id))
        issues.push({
          path: ['documentIds', i],
          message: `document '${id}' is not in this project`,
          code: 'custom',
        });
    });
    if (issues.length > 0) throw new AppError('validation', 'invalid case', issues);
  }
}

function article(type: AttributeType): string {
  return type === 'text' ? 'text' : type === 'boolean' ? 'true or false' : `a ${type}`;
}
