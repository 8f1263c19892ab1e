/** REST routes for projects, documents and their content, under `/api`; every one authorized. */
import { Router } from 'express';
import { z } from 'zod';
import { roomAccess } from '../../shared/access.ts';
import { VersionQuerySchema } from '../../shared/rounds/schemas.ts';
import {
  CreateProjectBodySchema,
  IdSchema,
  UpdateDocumentBodySchema,
  UpdateProjectBodySchema,
} from '../../shared/schemas.ts';
import type { AccessService } from '../services/AccessService.ts';
import { audit } from '../services/audit.ts';
import type { CodebookVersions } from '../services/CodebookVersions.ts';
import { DocumentService } from '../services/DocumentService.ts';
import type { ProgressService } from '../services/ProgressService.ts';
import type { ProjectService, ServiceDeps } from '../services/ProjectService.ts';
import { authOf } from './auth.ts';
import { parseInput } from './validate.ts';

const ProjectParams = z.object({ projectId: IdSchema });
const DocumentParams = z.object({ projectId: IdSchema, documentId: IdSchema });

export function projectsRouter(deps: {
  projects: ProjectService;
  access: AccessService;
  services: ServiceDeps;
  versions: CodebookVersions;
  progress: ProgressService;
}): Router {
  const { projects, access, services, versions, progress } = deps;
  const { storage } = services;
  const documents = new DocumentService({ ...services, projects, access });
  const router = Router();

  router.get('/projects', async (_req, res) => {
    const { user } = authOf(res);
    res.json(user.isAdmin ? await storage.listProjects() : await storage.listProjectsOf(user.id));
  });

  router.post('/projects', async (req, res) => {
    const { user } = authOf(res);
    const body = parseInput(CreateProjectBodySchema, req.body, 'project');
    const project = await projects.createProject(body);
    await storage.putMember(project.id, user.id, 'owner');
    await audit(services, { projectId: project.id, actorId: user.id, action: 'project.create' });
    res.status(201).json(project);
  });

  router.get('/projects/:projectId', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const { project, subject } = await access.project(projectId, authOf(res).user);
    res.json({ ...project, role: subject.role });
  });

  // Round and settings. Blinding and unblinding are audited and take effect on open connections.
  // While a round is open `blind` is that round's setting; otherwise the project's default, which
  // a round takes over when it starts and gives back when it closes.
  router.patch('/projects/:projectId', async (req, res) => {
    const { user } = authOf(res);
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const body = parseInput(UpdateProjectBodySchema, req.body, 'project change');
    const { project } = await access.project(projectId, user);
    const { blind, ...settings } = body;
    if (blind !== undefined) await access.require(projectId, user, 'changeRound');
    if (Object.keys(settings).length > 0) await access.require(projectId, user, 'editSettings');
    const updated = (await storage.updateProject(projectId, body))!;
    if (blind !== undefined && blind !== project.blind) {
      await audit(services, { projectId, actorId: user.id, action: blind ? 'round.blind' : 'round.unblind' });
    }
    if (Object.keys(settings).length > 0) {
      await audit(services, { projectId, actorId: user.id, action: 'project.update', details: settings });
    }
    await access.enforce(projectId);
    res.json(updated);
  });

  router.get('/projects/:projectId/documents', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    await access.require(projectId, authOf(res).user, 'read');
    res.json(await storage.listDocuments(projectId));
  });

  // POST /projects/:projectId/documents (pasted text) is an import: see importRouter.

  /**
   * `GET /api/projects/:projectId/progress` → `ProjectProgress` (shared/progress/progress.ts):
   * every document in order with its length in code points and, for each layer the caller may
   * see (the same rule as `…/codings`: a coder in a blind round sees their own layer only), the
   * number of codings, the code points they cover and the done mark. Read from derived data kept
   * current by `ProgressService`, so one request serves the project page however many documents
   * it lists. 404 when the project does not exist or the caller is not a member.
   */
  router.get('/projects/:projectId/progress', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const { project, subject } = await access.require(projectId, authOf(res).user, 'read');
    const visible = (documentId: string, coderId: string) =>
      roomAccess(subject, { kind: 'layer', documentId, coderId }, project) !== 'none';
    res.json(await progress.project(projectId, visible));
  });

  router.get('/projects/:projectId/documents/:documentId', async (req, res) => {
    const { projectId, documentId } = parseInput(DocumentParams, req.params, 'path');
    await access.require(projectId, authOf(res).user, 'read');
    res.json(await projects.requireDocument(projectId, documentId));
  });

  /**
   * Renames a document and/or replaces its attributes (`{ title?, attributes? }`, see
   * `UpdateDocumentBodySchema`); owners and reviewers. 200 with the document, 400 for a bad body,
   * 403 for other roles, 404 when it is not in the project.
   */
  router.patch('/projects/:projectId/documents/:documentId', async (req, res) => {
    const { user } = authOf(res);
    const { projectId, documentId } = parseInput(DocumentParams, req.params, 'path');
    const body = parseInput(UpdateDocumentBodySchema, req.body, 'document change');
    await access.require(projectId, user, 'manageDocuments');
    res.json(await documents.update(projectId, documentId, body, user.id));
  });

  /**
   * Deletes a document with every coder's codings and the consensus on it; owners and reviewers.
   * 204; 403 for other roles, 404 when it is not in the project. Open connections to its rooms
   * close with 4404 ("this document was deleted").
   */
  router.delete('/projects/:projectId/documents/:documentId', async (req, res) => {
    const { user } = authOf(res);
    const { projectId, documentId } = parseInput(DocumentParams, req.params, 'path');
    await access.require(projectId, user, 'manageDocuments');
    await documents.delete(projectId, documentId, user.id);
    res.status(204).end();
  });

  // The text and the layers this user may see (a coder in a blind round: their own only).
  router.get('/projects/:projectId/documents/:documentId/codings', async (req, res) => {
    const { projectId, documentId } = parseInput(DocumentParams, req.params, 'path');
    const { project, subject } = await access.require(projectId, authOf(res).user, 'read');
    const visible = (coderId: string) =>
      roomAccess(subject, { kind: 'layer', documentId, coderId }, project) !== 'none';
    res.json(await projects.codedDocument(projectId, documentId, { includeConsensus: true, visible }));
  });

  /**
   * `GET /api/projects/:projectId/codebook` → the codes now; `?version=N` → the codes (with their
   * criteria and examples) as recorded in version N, 404 when there is none.
   */
  router.get('/projects/:projectId/codebook', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const { version } = parseInput(VersionQuerySchema, req.query, 'codebook query');
    await access.require(projectId, authOf(res).user, 'read');
    if (version === undefined) res.json(await projects.codebook(projectId));
    else res.json((await versions.get(projectId, version)).codes);
  });

  return router;
}
