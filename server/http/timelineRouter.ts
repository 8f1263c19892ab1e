/**
 * The timeline of a transcript (docs/sources.md, "Timelines"), under `/api`: when the words of
 * each passage were spoken, read from the live text room so it follows every edit of the text.
 */
import { Router } from 'express';
import { z } from 'zod';
import { IdSchema } from '../../shared/schemas.ts';
import type { Timeline } from '../../shared/sources.ts';
import type { AccessService } from '../services/AccessService.ts';
import type { ProjectService } from '../services/ProjectService.ts';
import { authOf } from './auth.ts';
import { parseInput } from './validate.ts';

const DocumentParams = z.object({ projectId: IdSchema, documentId: IdSchema });

export function timelineRouter(deps: { projects: ProjectService; access: AccessService }): Router {
  const { projects, access } = deps;
  const router = Router();

  /**
   * `GET /api/projects/:projectId/documents/:documentId/timeline` → `Timeline`:
   * `{ cues: [{ start, end, startMs, endMs, speaker? }] }`, positions in code points of the
   * document's text as it is now (half-open), times in ms from the recording's start, ordered by
   * `start`; `{ cues: [] }` for a document without a timeline. Project `read` access, as the
   * document's text (every member, in a blind round too); 404 for a document not in the project.
   */
  router.get('/projects/:projectId/documents/:documentId/timeline', async (req, res) => {
    const { projectId, documentId } = parseInput(DocumentParams, req.params, 'path');
    await access.require(projectId, authOf(res).user, 'read');
    const timeline: Timeline = { cues: await projects.timeline(projectId, documentId) };
    res.json(timeline);
  });

  return router;
}
