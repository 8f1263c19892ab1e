/**
 * The search API's contract: `GET /api/projects/:projectId/search` (docs/search.md). Positions
 * are Unicode code points, half-open.
 */
import { z } from 'zod';
import { IdSchema } from '../schemas.ts';
import { compileSearch, SEARCH_CONTEXT_CODE_POINTS } from './match.ts';

/** Longest query, in UTF-16 code units: a query is typed, not pasted from a transcript. */
export const SEARCH_QUERY_MAX = 500;
/** Hits per page unless `limit` says otherwise, and the most one page may hold. */
export const SEARCH_DEFAULT_LIMIT = 1000;
export const SEARCH_MAX_LIMIT = 10_000;

/** `true`/`false` (also `1`/`0`) as a query parameter. */
const QueryBoolean = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** A query parameter given once or repeated (`document=a&document=b`). */
const Repeated = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.infer<T>[]);

export const SearchQuerySchema = z
  .object({
    /** What to look for: words, a phrase, or a JavaScript regular expression (flags `u`, `i`). */
    q: z.string().min(1, 'type something to search for').max(SEARCH_QUERY_MAX),
    mode: z.enum(['words', 'phrase', 'regex']).default('words'),
    caseSensitive: QueryBoolean.default(false),
    /** Only these documents (repeatable); default every document of the project. */
    document: Repeated(IdSchema).optional(),
    limit: z.coerce.number().int().min(1).max(SEARCH_MAX_LIMIT).default(SEARCH_DEFAULT_LIMIT),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .superRefine((query, ctx) => {
    try {
      compileSearch(query.q, query.mode, query.caseSensitive);
    } catch (err) {
      // The regular expression parser's own message ("Invalid regular expression: /(/giu:
      // Unterminated group"), or the words-only rule.
      if (!(err instanceof SyntaxError || err instanceof RangeError)) throw err;
      ctx.addIssue({ code: 'custom', path: ['q'], message: err.message });
    }
  });
export type SearchQuery = z.infer<typeof SearchQuerySchema>;

export const SearchHitSchema = z.object({
  documentId: IdSchema,
  documentTitle: z.string(),
  /** Code points, half-open: `match` is the document's text from `start` to `end`. */
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  /** Up to `SEARCH_CONTEXT_CODE_POINTS` (200) code points before `start` and after `end`. */
  before: z.string(),
  match: z.string(),
  after: z.string(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

export const SearchResultSchema = z.object({
  hits: z.array(SearchHitSchema),
  /** Every hit, before `offset` and `limit`. */
  total: z.number().int().min(0),
});
export type SearchResult = z.infer<typeof SearchResultSchema>;

export { SEARCH_CONTEXT_CODE_POINTS };
