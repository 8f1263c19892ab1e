/**
 * The import and export routes' contract: query schemas and response shapes, shared by the
 * server (validation, OpenAPI) and the CLI.
 */
import { z } from 'zod';
import { IdSchema } from '../protocol.ts';
import { AgreementQuerySchema, ProjectSchema } from '../schemas.ts';

/** `?layer=` of the codings exports: one coder's layer, or `consensus` (default: every visible layer). */
export const CodingsExportQuerySchema = z.object({ layer: IdSchema.optional() });

/** `GET /api/projects/:projectId/export/quotes?format=md|html|docx&layer=…`. */
export const QuotesExportQuerySchema = z.object({
  format: z.enum(['md', 'html', 'docx']).default('md'),
  /** A coder's id or `consensus`. */
  layer: IdSchema,
});
export type QuotesExportQuery = z.infer<typeof QuotesExportQuerySchema>;

/**
 * `GET /api/projects/:projectId/export/layers`: the layers the caller may export quotes from that
 * hold at least one coding (coders in name order, then the consensus), with how many codings each
 * holds. A layer with no codings has no quotes, so it is not offered.
 */
export const ExportLayersSchema = z.object({
  layers: z.array(
    z.object({
      /** A coder's user id, or `consensus`. */
      id: IdSchema,
      name: z.string(),
      /** Codings in the layer whose text is still there (what the quotes table can print). */
      codings: z.number().int().positive(),
    }),
  ),
});
export type ExportLayers = z.infer<typeof ExportLayersSchema>;

/** `GET /api/projects/:projectId/export/methods?format=md|html|docx`. */
export const MethodsExportQuerySchema = z.object({ format: z.enum(['md', 'html', 'docx']).default('md') });
export type MethodsExportQuery = z.infer<typeof MethodsExportQuerySchema>;

/** `GET /api/projects/:projectId/export/agreement?format=html|csv|json&…` plus the agreement query. */
export const AgreementExportQuerySchema = AgreementQuerySchema.extend({
  format: z.enum(['html', 'csv', 'json']).default('html'),
});
export type AgreementExportQuery = z.infer<typeof AgreementExportQuerySchema>;

/** Multipart field `name` of an import: the new project's name (default: from the file). */
export const ImportFieldsSchema = z.object({
  name: z.string().trim().min(1, 'name may not be empty').max(200).optional(),
});

/** What an import did. */
export const ImportSummarySchema = z.object({
  format: z.enum(['qdpx', 'qdc', 'documents']),
  documents: z.array(
    z.object({
      id: IdSchema,
      title: z.string(),
      file: z.string().nullable(),
      /** Speaker turns recognised in a transcript (0: not laid out as turns). */
      turns: z.number().int(),
      speakers: z.array(z.string()),
    }),
  ),
  codes: z.number().int(),
  codings: z.number().int(),
  coders: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      /** Whether the import made a new user for them (one who cannot sign in until given a password). */
      created: z.boolean(),
      /**
       * How an existing user was found: by the REFI user GUID an earlier import remembered, by the
       * Concord user id a Concord export writes in `User@id`, by an e-mail address in `User@id`,
       * or by name among the people the importer shares a project with; null when created.
       */
      matchedBy: z.enum(['guid', 'id', 'email', 'name']).nullable(),
      consensus: z.boolean(),
      /** Whether they rate some document (see raters.ts); a user who coded nothing is a member only. */
      rater: z.boolean(),
    }),
  ),
  /** Recoverable oddities: codings clipped, unknown code references, sources left out. */
  warnings: z.array(z.string()),
});
export type ImportSummary = z.infer<typeof ImportSummarySchema>;

/** The answer of `POST /api/projects/import`: the new project, the caller's role, and the summary. */
export const ImportedProjectSchema = ProjectSchema.extend({
  role: z.literal('owner'),
  import: ImportSummarySchema,
});
export type ImportedProject = z.infer<typeof ImportedProjectSchema>;

/** Export formats by their CLI names, with the route and query each one asks for. */
export const EXPORT_FORMATS = {
  qdpx: { path: 'export/qdpx', query: {} },
  qdc: { path: 'export/qdc', query: {} },
  csv: { path: 'export/codings.csv', query: {} },
  xlsx: { path: 'export/codings.xlsx', query: {} },
  'quotes-md': { path: 'export/quotes', query: { format: 'md' } },
  'quotes-html': { path: 'export/quotes', query: { format: 'html' } },
  'quotes-docx': { path: 'export/quotes', query: { format: 'docx' } },
  'agreement-html': { path: 'export/agreement', query: { format: 'html' } },
  'agreement-csv': { path: 'export/agreement', query: { format: 'csv' } },
  'agreement-json': { path: 'export/agreement', query: { format: 'json' } },
} as const satisfies Record<string, { path: string; query: Record<string, string> }>;
export type ExportFormat = keyof typeof EXPORT_FORMATS;
