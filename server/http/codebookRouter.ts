/** Codebook operations that reach beyond the codebook room: merging two codes across every layer. */
import { Router } from 'express';
import { z } from 'zod';
import { roomAccess } from '../../shared/access.ts';
import { AppError } from '../../shared/errors.ts';
import { CONSENSUS } from '../../shared/protocol.ts';
import { IdSchema } from '../../shared/schemas.ts';
import type { AccessService } from '../services/AccessService.ts';
import { audit } from '../services/audit.ts';
import { mergeCodes } from '../services/mergeCodes.ts';
import type { ProjectService, ServiceDeps } from '../services/ProjectService.ts';
import { authOf } from './auth.ts';
import { parseInput } from './validate.ts';

const ProjectParams = z.object({ projectId: IdSchema });

/** `POST /api/projects/:projectId/codes/merge`. */
export const MergeCodesBodySchema = z.object({ sourceId: IdSchema, targetId: IdSchema });

export function codebookRouter(deps: {
  access: AccessService;
  projects: ProjectService;
  services: ServiceDeps;
}): Router {
  const { access, projects, services } = deps;
  const router = Router();

  router.post('/projects/:projectId/codes/merge', async (req, res) => {
    const { user } = authOf(res);
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const { sourceId, targetId } = parseInput(MergeCodesBodySchema, req.body, 'merge');
    const { project, subject } = await access.project(projectId, user);
    // A merge rewrites every coder's layer: only those who may write the consensus (owners, reviewers).
    const consensus = { kind: 'layer', documentId: '_', coderId: CONSENSUS } as const;
    if (roomAccess(subject, consensus, project) !== 'write') {
      throw new AppError('forbidden', 'only owners and reviewers merge codes');
    }
    const result = await mergeCodes({ ...services, projects }, projectId, sourceId, targetId);
    // Recorded so a codebook diff says "merged into" rather than "removed".
    await services.storage.recordCodeMerge({
      id: services.newId(),
      projectId,
      sourceId,
      targetId,
      mergedAt: services.now().toISOString(),
    });
    await audit(services, {
      projectId,
      actorId: user.id,
      action: 'code.merge',
      details: { sourceId, targetId, ...result },
    });
    res.json(result);
  });

  return router;
}
