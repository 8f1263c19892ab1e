/**
 * Review decisions for the audit log. The decision itself (the consensus codings and the review
 * record) is written by the reviewer's client into the consensus layer, so it works offline and
 * merges like any other edit; this route records who decided what, and when, for the project's
 * audit trail.
 */
import { Router } from 'express';
import { z } from 'zod';
import { roomAccess } from '../../shared/access.ts';
import { AppError } from '../../shared/errors.ts';
import { ReviewDecisionSchema } from '../../shared/model/review.ts';
import { CONSENSUS } from '../../shared/protocol.ts';
import { IdSchema } from '../../shared/schemas.ts';
import type { AccessService } from '../services/AccessService.ts';
import { audit } from '../services/audit.ts';
import type { ProjectService, ServiceDeps } from '../services/ProjectService.ts';
import { authOf } from './auth.ts';
import { parseInput } from './validate.ts';

const ProjectParams = z.object({ projectId: IdSchema });

/** `POST /api/projects/:projectId/reviews`: one settled disagreement region. */
export const ReviewBodySchema = z
  .object({
    documentId: IdSchema,
    /** The region's key (see `shared/model/review.ts`). */
    region: z.string().min(1).max(100),
    start: z.number().int().min(0),
    end: z.number().int().min(0),
    codes: z.array(IdSchema).max(1000).default([]),
    decision: ReviewDecisionSchema,
  })
  .refine((b) => b.end > b.start, 'end must be after start');
export type ReviewBody = z.infer<typeof ReviewBodySchema>;

export function reviewRouter(deps: {
  access: AccessService;
  projects: ProjectService;
  services: ServiceDeps;
}): Router {
  const { access, projects, services } = deps;
  const router = Router();

  router.post('/projects/:projectId/reviews', async (req, res) => {
    const { user } = authOf(res);
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const body = parseInput(ReviewBodySchema, req.body, 'review');
    const { project, subject } = await access.project(projectId, user);
    // Whoever may write the consensus layer may settle disagreements: owners and reviewers.
    const room = { kind: 'layer', documentId: body.documentId, coderId: CONSENSUS } as const;
    if (roomAccess(subject, room, project) !== 'write') {
      throw new AppError('forbidden', 'only owners and reviewers settle disagreements');
    }
    await projects.requireDocument(projectId, body.documentId);
    await audit(services, { projectId, actorId: user.id, action: 'adjudication', details: body });
    res.status(204).end();
  });

  return router;
}
