/**
 * Text search across a project's transcripts (docs/search.md). Texts are not layers: every
 * member who may read the project may search it, a coder in a blind round included, and the
 * answer holds nothing from any coder's layer.
 */
import { Router } from 'express';
import { z } from 'zod';
import { IdSchema } from '../../shared/schemas.ts';
import { SearchQuerySchema } from '../../shared/search/schemas.ts';
import type { AccessService } from '../services/AccessService.ts';
import type { SearchService } from '../search/SearchService.ts';
import { authOf } from './auth.ts';
import { parseInput } from './validate.ts';

const ProjectParams = z.object({ projectId: IdSchema });

export interface SearchRouterDeps {
  search: SearchService;
  access: AccessService;
}

export function searchRouter({ search, access }: SearchRouterDeps): Router {
  const router = Router();

  /**
   * `GET /api/projects/:projectId/search?q=…&mode=words|phrase|regex&caseSensitive=false
   * &document=…&limit=…&offset=…` → `{ hits: [{ documentId, documentTitle, start, end, before,
   * match, after }], total }`, positions in code points (half-open), `before`/`after` up to 200
   * code points, hits in document order then by position, `total` before paging. 400
   * `validation` at `q` for an empty query, a words or phrase query without words, a bad
   * regular expression (the parser's message) or one that runs longer than the time limit;
   * 403 for non-members; 404 for an unknown project; 429 `rateLimited` for a pattern search while
   * the caller's previous one still runs (patterns run in a worker thread, one per user).
   */
  router.get('/projects/:projectId/search', async (req, res) => {
    const { projectId } = parseInput(ProjectParams, req.params, 'path');
    const { user } = authOf(res);
    await access.require(projectId, user, 'read');
    const query = parseInput(SearchQuerySchema, req.query, 'search query');
    res.json(await search.search(projectId, query, user.id));
  });

  return router;
}
