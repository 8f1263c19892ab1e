/**
 * Memo routes under `/api` (docs/memos.md). Metadata is REST; a memo's body is edited live in its
 * room `memo:<projectId>:<memoId>` over the sync endpoint.
 *
 * - `GET /projects/:projectId/memos?q=&kind=&code=&document=` → `{ memos: MemoSummary[] }`
 * - `POST /projects/:projectId/memos` `{ kind, title, links }` → 201 `MemoView`
 * - `GET /projects/:projectId/memos/:memoId` → `MemoView` (403 when a blind round hides it)
 * - `PATCH /projects/:projectId/memos/:memoId` `{ title?, links? }` → `MemoView`
 * - `DELETE /projects/:projectId/memos/:memoId` → 204 (the room's connections close with 4404)
 */
import { Router } from 'express';
import { z } from 'zod';
import { CreateMemoBodySchema, MemoQuerySchema, UpdateMemoBodySchema } from '../../shared/memos/schemas.ts';
import { IdSchema } from '../../shared/schemas.ts';
import type { MemoService } from '../services/MemoService.ts';
import { authOf } from './auth.ts';
import { parseInput } from './validate.ts';

const ProjectParams = z.object({ projectId: IdSchema });
const MemoParams = z.object({ projectId: IdSchema, memoId: IdSchema });

export function memosRouter(deps: { memos: MemoService }): Router {
  const { memos } = deps;
  const router = Router();

  router.get('/projects/:projectId/memos', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const query = parseInput(MemoQuerySchema, req.query, 'query');
    res.json({ memos: await memos.list(projectId, authOf(res).user, query) });
  });

  router.post('/projects/:projectId/memos', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const body = parseInput(CreateMemoBodySchema, req.body, 'memo');
    res.status(201).json(await memos.create(projectId, authOf(res).user, body));
  });

  router.get('/projects/:projectId/memos/:memoId', async (req, res) => {
    const { projectId, memoId } = parseInput(MemoParams, req.params, 'path');
    res.json(await memos.get(projectId, memoId, authOf(res).user));
  });

  router.patch('/projects/:projectId/memos/:memoId', async (req, res) => {
    const { projectId, memoId } = parseInput(MemoParams, req.params, 'path');
    const body = parseInput(UpdateMemoBodySchema, req.body, 'memo change');
    res.json(await memos.update(projectId, memoId, authOf(res).user, body));
  });

  router.delete('/projects/:projectId/memos/:memoId', async (req, res) => {
    const { projectId, memoId } = parseInput(MemoParams, req.params, 'path');
    await memos.delete(projectId, memoId, authOf(res).user);
    res.status(204).end();
  });

  return router;
}
