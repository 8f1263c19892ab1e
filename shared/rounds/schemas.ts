/**
 * The REST contract of reliability rounds, assignments and codebook versions (see docs/rounds.md).
 * Each `FooSchema` has its `type Foo`.
 */
import { attributeNameProblem } from '../model/attributes.ts';
import { z } from 'zod';
import { CodebookEntrySchema } from '../model/codebookEntries.ts';
import { IdSchema } from '../protocol.ts';
import { TargetSchema } from '../schemas.ts';

const Ids = z.array(IdSchema).min(1);

/** Document ids, possibly none. */
export const IdListSchema = z.array(IdSchema);

/** How a round's documents are drawn (see shared/rounds/sample.ts). */
export const SampleSpecSchema = z
  .object({
    fraction: z.number().gt(0).max(1).optional(),
    count: z.number().int().min(1).optional(),
    seed: z.number().int().refine(Number.isSafeInteger, 'a seed is a safe integer'),
    /** Attribute whose values are strata (proportional allocation). */
    stratifyBy: z
      .string()
      .min(1)
      .max(200)
      .refine((name) => attributeNameProblem(name) === null, {
        message: 'stratify by the name of an attribute the documents have',
      })
      .optional(),
    /** Draw from documents sampled in earlier rounds too (default: they are excluded). */
    includeSampled: z.boolean().default(false),
    /**
     * Draw from documents one of the round's coders has already coded or marked done too
     * (default: they are excluded, since their coding was not made blind). Recode rounds draw
     * from coded documents whatever this says.
     */
    includeCoded: z.boolean().default(false),
  })
  .strict()
  .refine((s) => (s.fraction === undefined) !== (s.count === undefined), 'give either fraction or count');
export type SampleSpec = z.infer<typeof SampleSpecSchema>;

/** `POST /api/projects/:projectId/rounds`: `documents` or `sample`, not both. */
export const CreateRoundBodySchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    blind: z.boolean(),
    coders: Ids,
    documents: Ids.optional(),
    sample: SampleSpecSchema.optional(),
    /**
     * Each coder codes the round's documents again in a fresh layer (`recodeLayerKey`), and the
     * round's report gives each coder's agreement with their own earlier coding (`intraCoder`).
     */
    recode: z.boolean().default(false),
  })
  .strict()
  .refine((b) => (b.documents === undefined) !== (b.sample === undefined), 'give either documents or sample');
export type CreateRoundBody = z.infer<typeof CreateRoundBodySchema>;

/** One stratum of a drawn sample. */
export const StratumSchema = z.object({
  stratum: z.string(),
  size: z.number().int(),
  drawn: z.number().int(),
});

/** What was drawn, kept with the round so the draw can be checked and repeated. */
export const DrawnSampleSchema = z.object({
  fraction: z.number().optional(),
  count: z.number().int().optional(),
  seed: z.number().int(),
  stratifyBy: z.string().optional(),
  includeSampled: z.boolean(),
  /** Whether already-coded documents could be drawn (absent in rounds started before this option). */
  includeCoded: z.boolean().optional(),
  /** Documents eligible for the draw (N). */
  eligible: z.number().int(),
  strata: z.array(StratumSchema),
});
export type DrawnSample = z.infer<typeof DrawnSampleSchema>;

export const RoundStatusSchema = z.enum(['open', 'closed']);

/** A round as listed (without its agreement report). */
export const RoundSchema = z.object({
  id: IdSchema,
  projectId: IdSchema,
  name: z.string(),
  blind: z.boolean(),
  /** Coders recode the round's documents in fresh layers (intra-coder agreement). */
  recode: z.boolean(),
  status: RoundStatusSchema,
  coders: z.array(IdSchema),
  /** In id order. */
  documents: z.array(IdSchema),
  /** The sample's specification and allocation, when the documents were drawn. */
  sample: DrawnSampleSchema.nullable(),
  /**
   * The round's documents that one or more of its coders had already coded or marked done when it
   * started (in id order; empty for none): their coding was not made blind, and the methods text
   * says so.
   */
  codedBefore: IdListSchema,
  /** Codebook version recorded when the round started. */
  codebookVersion: z.number().int(),
  /** Codebook version recorded when it closed; null while open. */
  closedCodebookVersion: z.number().int().nullable(),
  startedAt: z.string(),
  startedBy: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export type Round = z.infer<typeof RoundSchema>;

/** `PUT /api/projects/:projectId/assignments`: the whole set (documents not listed have none). */
export const PutAssignmentsBodySchema = z
  .object({
    assignments: z.array(z.object({ documentId: IdSchema, coders: z.array(IdSchema) }).strict()),
  })
  .strict();
export type PutAssignmentsBody = z.infer<typeof PutAssignmentsBodySchema>;

/** `POST /api/projects/:projectId/assignments/split`. */
export const SplitAssignmentsBodySchema = z
  .object({
    coders: Ids,
    seed: z.number().int().refine(Number.isSafeInteger, 'a seed is a safe integer'),
  })
  .strict();

/** `GET /api/projects/:projectId/assignments?coder=me`. */
export const AssignmentsQuerySchema = z.object({ coder: z.literal('me').optional() });

/** `POST /api/projects/:projectId/codebook/versions`. */
export const CreateVersionBodySchema = z.object({ note: z.string().max(2000).default('') }).strict();

export const VersionReasonSchema = z.enum(['manual', 'round-start', 'round-close']);
export type VersionReason = z.infer<typeof VersionReasonSchema>;

/** A recorded codebook version (listed without its codes). */
export const CodebookVersionSchema = z.object({
  version: z.number().int(),
  projectId: IdSchema,
  reason: VersionReasonSchema,
  note: z.string(),
  roundId: IdSchema.nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  /** Codes in it. */
  codeCount: z.number().int(),
});
export type CodebookVersion = z.infer<typeof CodebookVersionSchema>;

export const CodebookVersionWithCodesSchema = CodebookVersionSchema.extend({
  codes: z.array(CodebookEntrySchema),
});

/** `?version=N` (codebook, .qdc export). */
export const VersionQuerySchema = z.object({ version: z.coerce.number().int().min(1).optional() });

/** `GET …/codebook/diff?from=N&to=M`. */
export const DiffQuerySchema = z
  .object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) })
  .refine((q) => q.from <= q.to, 'from is a version at or before to');

/** A round with its report: live while open, frozen once closed; null for those who may not see it. */
export const RoundViewSchema = RoundSchema.extend({
  /** The agreement report (`GET …/agreement`'s shape plus the `query` it answers). */
  agreement: z.record(z.string(), z.unknown()).nullable(),
  /** Why `agreement` is null (a blind round, a role without the figures). */
  agreementWithheld: z.string().optional(),
});

/**
 * `GET /api/projects/:projectId/rounds/prior-coding`: each document some coder has coded or marked
 * done, with those coders (ids in order; documents in id order). The start form uses it to draw
 * the same sample as the server and to warn before a blind round takes in coded documents.
 */
export const PriorCodingSchema = z.object({
  documents: z.array(z.object({ documentId: IdSchema, coders: z.array(IdSchema) })),
});
export type PriorCoding = z.infer<typeof PriorCodingSchema>;

export const AssignmentSchema = z.object({ documentId: IdSchema, coders: z.array(IdSchema) });

/** One coder's load: documents assigned, and of those marked done in their layer. */
export const WorkloadSchema = z.object({
  coderId: IdSchema,
  assigned: z.number().int(),
  done: z.number().int(),
});

/** `GET`/`PUT …/assignments` (supervisors). */
export const AssignmentsViewSchema = z.object({
  assignments: z.array(AssignmentSchema),
  workload: z.array(WorkloadSchema),
});

/** `GET …/assignments?coder=me`: the caller's assignments and "my documents", round documents first. */
export const MyDocumentsViewSchema = z.object({
  assignments: z.array(AssignmentSchema),
  documents: z.array(
    z.object({
      documentId: IdSchema,
      title: z.string(),
      source: z.enum(['round', 'assignment']),
      roundId: IdSchema.nullable(),
      done: z.boolean(),
    }),
  ),
  assigned: z.number().int(),
  done: z.number().int(),
});

const CodeRefSchema = z.object({ id: IdSchema, name: z.string() });

/** `GET …/codebook/diff?from=N&to=M`. */
export const CodebookDiffSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  added: z.array(CodeRefSchema.extend({ parentId: IdSchema.nullable() })),
  removed: z.array(CodeRefSchema),
  merged: z.array(CodeRefSchema.extend({ into: CodeRefSchema })),
  renamed: z.array(z.object({ id: IdSchema, from: z.string(), to: z.string() })),
  moved: z.array(
    CodeRefSchema.extend({ fromParentId: IdSchema.nullable(), toParentId: IdSchema.nullable() }),
  ),
  redefined: z.array(
    CodeRefSchema.extend({
      changes: z.array(
        z.object({
          field: z.enum(['description', 'inclusion', 'exclusion', 'examples']),
          before: z.union([z.string(), z.array(z.string())]),
          after: z.union([z.string(), z.array(z.string())]),
        }),
      ),
    }),
  ),
});
export type VersionDiff = z.infer<typeof CodebookDiffSchema>;

const Figure = z.number().nullable();

/** One round of the trajectory. `codes[].value` is in the target's measure (Cohen's κ without one). */
export const TrajectoryRoundSchema = z.object({
  id: IdSchema,
  name: z.string(),
  status: RoundStatusSchema,
  startedAt: z.string(),
  closedAt: z.string().nullable(),
  blind: z.boolean(),
  /** Documents in the round. */
  documents: z.number().int(),
  /** Coders of the round. */
  coders: z.number().int(),
  pooled: z.object({
    cohenKappa: Figure,
    krippendorffAlpha: Figure,
    gwetAC1: Figure,
    percentAgreement: Figure,
  }),
  codes: z.array(
    z.object({
      codeId: IdSchema,
      name: z.string(),
      value: Figure,
      /** Null without a target or without a figure. */
      reaches: z.boolean().nullable(),
    }),
  ),
  /** The diff from the previous round's closing codebook version to this round's starting one; null for the first. */
  codebookChangesBefore: CodebookDiffSchema.nullable(),
});
export type TrajectoryRound = z.infer<typeof TrajectoryRoundSchema>;

/** `GET /api/projects/:projectId/rounds/trajectory`. */
export const TrajectorySchema = z.object({
  target: TargetSchema.nullable(),
  rounds: z.array(TrajectoryRoundSchema),
});
export type Trajectory = z.infer<typeof TrajectorySchema>;
