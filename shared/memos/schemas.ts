/**
 * The memo contract: a memo's metadata and links as the REST API takes and returns them. A memo's
 * body is collaborative content (the `memo:<projectId>:<memoId>` room, see `shared/model/memo.ts`);
 * everything here is relational metadata. Positions are Unicode code points, half-open.
 */
import { z } from 'zod';
import { IdSchema } from '../protocol.ts';

/** What a memo is about: the whole project, one document, or one code (apart from its definition). */
export const MemoKindSchema = z.enum(['project', 'document', 'code']);
export type MemoKind = z.infer<typeof MemoKindSchema>;

/** A linked passage of a document: `[start, end)` in code points of the document's text. */
export const MemoPassageSchema = z
  .object({
    documentId: IdSchema,
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
  })
  .refine((p) => p.end > p.start, { message: 'a passage ends after it starts', path: ['end'] });
export type MemoPassage = z.infer<typeof MemoPassageSchema>;

/** Most links of each sort one memo may carry. */
export const MAX_MEMO_LINKS = 500;

/** What a memo links to: codes, documents and passages (ids are checked against the project). */
export const MemoLinksSchema = z.object({
  codes: z.array(IdSchema).max(MAX_MEMO_LINKS).default([]),
  documents: z.array(IdSchema).max(MAX_MEMO_LINKS).default([]),
  passages: z.array(MemoPassageSchema).max(MAX_MEMO_LINKS).default([]),
});
export type MemoLinks = z.infer<typeof MemoLinksSchema>;

/** The longest memo title, in code points. */
export const MAX_MEMO_TITLE = 300;

const TitleSchema = z
  .string()
  .trim()
  .min(1, 'a memo needs a title')
  .refine((t) => [...t].length <= MAX_MEMO_TITLE, `a title has at most ${MAX_MEMO_TITLE} characters`);

/**
 * `POST /api/projects/:projectId/memos`. A document memo links at least one document (the first
 * is the document it is about), a code memo at least one code (likewise).
 */
export const CreateMemoBodySchema = z
  .object({
    kind: MemoKindSchema,
    title: TitleSchema,
    links: MemoLinksSchema.default({ codes: [], documents: [], passages: [] }),
  })
  .superRefine((body, ctx) => {
    if (body.kind === 'document' && body.links.documents.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['links', 'documents'],
        message: 'a document memo links its document',
      });
    if (body.kind === 'code' && body.links.codes.length === 0)
      ctx.addIssue({ code: 'custom', path: ['links', 'codes'], message: 'a code memo links its code' });
  });
export type CreateMemoBody = z.infer<typeof CreateMemoBodySchema>;

/** `PATCH /api/projects/:projectId/memos/:memoId`: a new title and/or a new set of links (whole). */
export const UpdateMemoBodySchema = z
  .object({ title: TitleSchema.optional(), links: MemoLinksSchema.optional() })
  .strict()
  .refine((b) => b.title !== undefined || b.links !== undefined, {
    message: 'change the title or the links',
  });
export type UpdateMemoBody = z.infer<typeof UpdateMemoBodySchema>;

/** `GET /api/projects/:projectId/memos` query: all filters optional and combined with AND. */
export const MemoQuerySchema = z.object({
  /** Words that must all occur in the title or body (case-insensitive). */
  q: z.string().max(500).optional(),
  kind: MemoKindSchema.optional(),
  /** Memos linking this code. */
  code: IdSchema.optional(),
  /** Memos linking this document (directly or through a passage). */
  document: IdSchema.optional(),
});
export type MemoQuery = z.infer<typeof MemoQuerySchema>;

/** One memo in a list: metadata and the start of its body. */
export const MemoSummarySchema = z.object({
  id: IdSchema,
  kind: MemoKindSchema,
  title: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  links: MemoLinksSchema,
  /** ISO 8601. */
  createdAt: z.string(),
  /** ISO 8601: the last change to the title, links or body. */
  updatedAt: z.string(),
  /** The body's first {@link EXCERPT_CODE_POINTS} code points, whitespace collapsed. */
  excerpt: z.string(),
});
export type MemoSummary = z.infer<typeof MemoSummarySchema>;

/** `GET …/memos/:memoId`: a memo with its whole body and whether the caller may write it. */
export const MemoViewSchema = MemoSummarySchema.extend({
  /** The body's plain text as the room holds it now. */
  body: z.string(),
  /** The memo's room: `memo:<projectId>:<memoId>`. */
  room: z.string(),
  /** `write` when the caller may edit the body, title and links; `read` otherwise. */
  access: z.enum(['read', 'write']),
});
export type MemoView = z.infer<typeof MemoViewSchema>;

export const MemoListSchema = z.object({ memos: z.array(MemoSummarySchema) });
export type MemoList = z.infer<typeof MemoListSchema>;

/** Length of a list excerpt, in code points. */
export const EXCERPT_CODE_POINTS = 200;
