/**
 * Typed attributes and cases of a project, under `/api` (docs/cases.md). Every member reads;
 * owners and reviewers (`manageDocuments`) write. Nothing here is computed across coders' layers,
 * so a blind round changes nothing.
 */
import { Router } from 'express';
import { z } from 'zod';
import { attributeNameProblem } from '../../shared/model/attributes.ts';
import {
  CreateCaseBodySchema,
  IdSchema,
  PutAttributeBodySchema,
  UpdateCaseBodySchema,
} from '../../shared/schemas.ts';
import type { AccessService } from '../services/AccessService.ts';
import { CaseService } from '../services/CaseService.ts';
import type { ServiceDeps } from '../services/ProjectService.ts';
import { authOf } from './auth.ts';
import { parseInput } from './validate.ts';

const ProjectParams = z.object({ projectId: IdSchema });
/** An attribute named in the path: the same names documents may carry (`shared/model/attributes.ts`). */
const AttributeParams = z.object({
  projectId: IdSchema,
  name: z
    .string()
    .trim()
    .superRefine((name, ctx) => {
      const problem = attributeNameProblem(name);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
});
const CaseParams = z.object({ projectId: IdSchema, caseId: IdSchema });

export function casesRouter(deps: { access: AccessService; services: ServiceDeps }): Router {
  const { access, services } = deps;
  const cases = new CaseService(services);
  const router = Router();

  /**
   * `GET /api/projects/:projectId/attributes` → `{ attributes: [{ name, type, documents }] }`:
   * every attribute with a type or held by a document, by name; `type` is `text`, `number`,
   * `date` or `boolean` (`text` when undeclared); `documents` counts the documents holding it.
   */
  router.get('/projects/:projectId/attributes', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    await access.require(projectId, authOf(res).user, 'read');
    res.json({ attributes: await cases.attributes(projectId) });
  });

  /**
   * `PUT /api/projects/:projectId/attributes/:name` with `{ type }` → `{ name, type, documents }`.
   * Converts every document's value to the type's canonical form, or — when any does not fit —
   * changes nothing: 400 `validation` with one issue per such document (`documents.<id>`).
   * 403 for coders and viewers.
   */
  router.put('/projects/:projectId/attributes/:name', async (req, res) => {
    const { user } = authOf(res);
    const { projectId, name } = parseInput(AttributeParams, req.params, 'path');
    const body = parseInput(PutAttributeBodySchema, req.body, 'attribute type');
    await access.require(projectId, user, 'manageDocuments');
    res.json(await cases.setType(projectId, name, body.type, user.id));
  });

  /** `GET /api/projects/:projectId/cases` → `{ cases: [Case] }`, oldest first (`CaseSchema`). */
  router.get('/projects/:projectId/cases', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    await access.require(projectId, authOf(res).user, 'read');
    res.json({ cases: await cases.listCases(projectId) });
  });

  /**
   * `POST /api/projects/:projectId/cases` with `{ name, description?, documentIds? }` → 201 and the
   * case. 400 for a bad body or ids that are not the project's documents; 403 for coders and viewers.
   */
  router.post('/projects/:projectId/cases', async (req, res) => {
    const { user } = authOf(res);
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const body = parseInput(CreateCaseBodySchema, req.body, 'case');
    await access.require(projectId, user, 'manageDocuments');
    res.status(201).json(await cases.createCase(projectId, body, user.id));
  });

  /** `GET /api/projects/:projectId/cases/:caseId` → the case; 404 when it is not the project's. */
  router.get('/projects/:projectId/cases/:caseId', async (req, res) => {
    const { projectId, caseId } = parseInput(CaseParams, req.params, 'path');
    await access.require(projectId, authOf(res).user, 'read');
    res.json(await cases.requireCase(projectId, caseId));
  });

  /**
   * `PATCH /api/projects/:projectId/cases/:caseId` with any of `{ name, description, documentIds }`
   * (`documentIds` replaces the list) → the case. 400, 403, 404 as above.
   */
  router.patch('/projects/:projectId/cases/:caseId', async (req, res) => {
    const { user } = authOf(res);
    const { projectId, caseId } = parseInput(CaseParams, req.params, 'path');
    const body = parseInput(UpdateCaseBodySchema, req.body, 'case change');
    await access.require(projectId, user, 'manageDocuments');
    res.json(await cases.updateCase(projectId, caseId, body, user.id));
  });

  /** `DELETE /api/projects/:projectId/cases/:caseId` → 204; its documents stay. 403, 404 as above. */
  router.delete('/projects/:projectId/cases/:caseId', async (req, res) => {
    const { user } = authOf(res);
    const { projectId, caseId } = parseInput(CaseParams, req.params, 'path');
    await access.require(projectId, user, 'manageDocuments');
    await cases.deleteCase(projectId, caseId, user.id);
    res.status(204).end();
  });

  return router;
}
