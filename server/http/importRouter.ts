/**
 * Import routes: a new project from a REFI-QDA file or from transcripts, transcripts into an
 * existing project, and one document from text sent as JSON. Every way documents arrive goes
 * through ImportService with the same checks and messages; every file is read and checked before
 * anything is stored, and a file that cannot be read fails the whole upload with an error that
 * names it.
 */
import { Router } from 'express';
import { z } from 'zod';
import { ImportFieldsSchema } from '../../shared/interchange/api.ts';
import { CreateDocumentBodySchema, IdSchema } from '../../shared/schemas.ts';
import type { AccessService } from '../services/AccessService.ts';
import type { ImportService } from '../services/import/ImportService.ts';
import { authOf } from './auth.ts';
import { readUpload, type KeepFiles, type UploadLimits } from './upload.ts';
import { parseInput } from './validate.ts';

const ProjectParams = z.object({ projectId: IdSchema });

export interface ImportRouterDeps {
  imports: ImportService;
  access: AccessService;
  limits: UploadLimits;
  /** Where PDFs and recordings stream to as they arrive. */
  keep: KeepFiles;
  /**
   * Told the documents of each imported project once it is answered, to derive what depends on
   * their codings (each document's progress) before anyone asks. Default: nothing.
   */
  onProjectImported?: (documentIds: readonly string[]) => void;
}

export function importRouter(deps: ImportRouterDeps): Router {
  const { imports, access, limits, keep } = deps;
  const router = Router();

  // Any signed-in user may create a project; they become its owner.
  router.post('/projects/import', async (req, res) => {
    const { user } = authOf(res);
    const upload = await readUpload(req, limits, 'project.qdpx', keep);
    const fields = parseInput(ImportFieldsSchema, upload.fields, 'import fields');
    const { project, summary } = await imports.importProject(upload.files, user, fields);
    res.status(201).json({ ...project, role: 'owner', import: summary });
    deps.onProjectImported?.(summary.documents.map((d) => d.id));
  });

  router.post('/projects/:projectId/documents/import', async (req, res) => {
    const { user } = authOf(res);
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    await access.require(projectId, user, 'addDocument');
    const upload = await readUpload(req, limits, 'transcript.txt', keep);
    res.status(201).json(await imports.importDocuments(projectId, upload.files, user));
  });

  // Pasted text: kept as sent; an empty or binary text is refused with an issue at `text`.
  router.post('/projects/:projectId/documents', async (req, res) => {
    const { user } = authOf(res);
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    await access.require(projectId, user, 'addDocument');
    const body = parseInput(CreateDocumentBodySchema, req.body, 'document');
    res.status(201).json(await imports.importText(projectId, body, user));
  });

  return router;
}
