/**
 * The analysis routes' contract: query parameters and answers as zod schemas, parsed at the HTTP
 * edge and turned into the OpenAPI document. Positions are Unicode code points, half-open.
 */
import { z } from 'zod';
import { IdSchema } from '../protocol.ts';

/** A layer key: a coder's id, `consensus`, or a recode layer `<coderId>~<roundId>`. */
export const LayerKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}(?:~[A-Za-z0-9_-]{1,64})?$/, 'a layer is a coder id or "consensus"');

/** A repeatable parameter (`code=a&code=b`), each value also split at commas (`code=a,b`). */
const repeatable = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    )
    .pipe(z.array(item))
    .optional();

/** `attribute=<name>:<value>`, repeatable and never split at commas (values may hold them). */
const AttributeParamSchema = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]))
  .pipe(z.array(z.string().regex(/^[^:]+:/, 'an attribute filter is written name:value')))
  .optional();

/** `true`/`false` (or `1`/`0`), default true. */
const FlagSchema = z
  .enum(['true', 'false', '1', '0'])
  .default('true')
  .transform((v) => v === 'true' || v === '1');

/** Which documents: by id (`document=`) and by attribute values (`attribute=`; all must hold). */
const DocumentFilterShape = {
  /** Only these documents (repeatable); unknown ids are a 400. */
  document: repeatable(IdSchema),
  /** Documents whose attribute equals the value, `name:value` (repeatable; every one must hold). */
  attribute: AttributeParamSchema,
};

/** Which codes: codes or themes (repeatable), with their descendants unless `children=false`. */
const CodeFilterShape = {
  /** Code or theme ids (repeatable); default every code; unknown ids are a 400. */
  code: repeatable(IdSchema),
  /** Whether a named code or theme brings every code below it (default true). */
  children: FlagSchema,
};

/** `GET /api/projects/:projectId/segments`. */
export const SegmentsQuerySchema = z.object({
  ...CodeFilterShape,
  /** Layers to read (repeatable): coder ids or `consensus`; default every layer the caller may read. */
  layer: repeatable(LayerKeySchema),
  ...DocumentFilterShape,
  /** Most segments returned (default: all); `total` counts them all. */
  limit: z.coerce.number().int().min(1).max(100_000).optional(),
  /** Segments skipped before the first returned (default 0). */
  offset: z.coerce.number().int().min(0).default(0),
});
export type SegmentsQuery = z.infer<typeof SegmentsQuerySchema>;

/** `GET /api/projects/:projectId/segments/export`: the same filters and a file format. */
export const SegmentsExportQuerySchema = SegmentsQuerySchema.extend({
  format: z.enum(['csv', 'md', 'docx']).default('csv'),
});
export type SegmentsExportQuery = z.infer<typeof SegmentsExportQuerySchema>;

/** One layer: default the caller's own. */
const OneLayerShape = {
  /** Exactly one layer: a coder id or `consensus`; default the caller's own layer. */
  layer: LayerKeySchema.optional(),
};

/** `GET /api/projects/:projectId/cooccurrence`. */
export const CooccurrenceQuerySchema = z.object({
  ...OneLayerShape,
  ...CodeFilterShape,
  ...DocumentFilterShape,
});
export type CooccurrenceQuery = z.infer<typeof CooccurrenceQuerySchema>;

/** `documents`, or `attribute:<name>` for one column per value of that attribute. */
export const MatrixColumnsSchema = z
  .string()
  .regex(/^(documents|attribute:.+)$/, 'columns are "documents" or "attribute:<name>"')
  .default('documents');

/** `GET /api/projects/:projectId/matrix`. */
export const MatrixQuerySchema = z.object({
  ...OneLayerShape,
  columns: MatrixColumnsSchema,
  ...CodeFilterShape,
  ...DocumentFilterShape,
});
export type MatrixQuery = z.infer<typeof MatrixQuerySchema>;

/** `GET /api/projects/:projectId/matrix/export`. */
export const MatrixExportQuerySchema = MatrixQuerySchema.extend({ format: z.enum(['csv']).default('csv') });

/** `GET /api/projects/:projectId/analysis/events`: which answer to stream, and its query. */
export const AnalysisEventsKindSchema = z.object({ kind: z.enum(['segments', 'cooccurrence', 'matrix']) });
export type AnalysisKind = z.infer<typeof AnalysisEventsKindSchema>['kind'];

export const SegmentSchema = z.object({
  documentId: z.string(),
  documentTitle: z.string(),
  layer: z.string(),
  codeId: z.string(),
  codingId: z.string(),
  /** Code points, half-open. */
  start: z.number().int(),
  end: z.number().int(),
  /** Exactly the document's text from `start` to `end`. */
  text: z.string(),
  /** Up to 200 code points before `start` and after `end`. */
  before: z.string(),
  after: z.string(),
  memo: z.string(),
  /** The paragraph or speaker-turn number where the passage's words begin (0 before any text), as cited. */
  paragraph: z.number().int(),
  /** That turn's speaker, or null outside speaker turns. */
  speaker: z.string().nullable(),
  /**
   * When the passage's words begin in the recording (ms, from the document's timeline; shown as
   * "[00:12:31]"); null for a document without a timeline.
   */
  startMs: z.number().int().nonnegative().nullable(),
});

export const SegmentsResultSchema = z.object({
  segments: z.array(SegmentSchema),
  /** Segments matching before `limit`/`offset`. */
  total: z.number().int(),
});
export type SegmentsResult = z.infer<typeof SegmentsResultSchema>;

export const CooccurrenceResultSchema = z.object({
  codes: z.array(z.string()),
  counts: z.array(z.array(z.number().int())),
});

export const MatrixResultSchema = z.object({
  rows: z.array(z.string()),
  columns: z.array(z.object({ key: z.string(), label: z.string() })),
  cells: z.array(z.array(z.object({ codings: z.number().int(), documents: z.number().int() }))),
});
