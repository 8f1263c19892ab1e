/**
 * Shapes of the rounds, assignments, codebook-version, target and trajectory answers the client
 * reads (docs/rounds.md, docs/trajectory.md), parsed at the edge. The round, assignment and diff
 * shapes are the server's own (shared/rounds/schemas.ts); the target and the trajectory follow
 * the published contract of `GET …/rounds/trajectory`.
 */
import { z } from 'zod';
import {
  AssignmentsViewSchema,
  CodebookDiffSchema,
  CodebookVersionSchema,
  MyDocumentsViewSchema,
  PriorCodingSchema,
  RoundSchema,
  RoundViewSchema,
} from '../../../shared/rounds/schemas.ts';
import { ReportSchema } from './agreementSchemas.ts';

export {
  AssignmentsViewSchema,
  CodebookDiffSchema,
  CodebookVersionSchema,
  MyDocumentsViewSchema,
  PriorCodingSchema,
  RoundSchema,
  RoundViewSchema,
};
export type { CodebookVersion, Round } from '../../../shared/rounds/schemas.ts';
export type AssignmentsView = z.infer<typeof AssignmentsViewSchema>;
export type MyDocumentsView = z.infer<typeof MyDocumentsViewSchema>;
export type CodebookDiff = z.infer<typeof CodebookDiffSchema>;
export type RoundView = z.infer<typeof RoundViewSchema>;

/** `GET …/rounds`. */
export const RoundListSchema = z.object({ rounds: z.array(RoundSchema) });

/** `GET …/codebook/versions`. */
export const VersionListSchema = z.object({ versions: z.array(CodebookVersionSchema) });

/**
 * A round's `agreement`: the project report's shape (`report`, `againstConsensus`, …). Parsed
 * loosely around the report so reports frozen by earlier versions still show.
 */
export const RoundAgreementSchema = z.looseObject({
  computedAt: z.string().optional(),
  report: ReportSchema,
  /**
   * Recode rounds: per coder id, their first layer against their recode layer (`<coderId>~<roundId>`)
   * over the round's documents, in the report's shape (docs/rounds.md, "Recode rounds").
   */
  intraCoder: z
    .record(z.string(), z.looseObject({ recodeLayer: z.string(), report: ReportSchema }))
    .optional(),
});
export type RoundAgreement = z.infer<typeof RoundAgreementSchema>;

/** The measures a target may be set on. */
export const TargetMeasureSchema = z.enum(['cohenKappa', 'krippendorffAlpha', 'gwetAC1', 'fleissKappa']);
export type TargetMeasure = z.infer<typeof TargetMeasureSchema>;

/** The project's reliability target (`PATCH /api/projects/:id { target }`). */
export const TargetSchema = z.object({ measure: TargetMeasureSchema, value: z.number() });
export type Target = z.infer<typeof TargetSchema>;

/** `GET /api/projects/:id`, read for its `target` (absent on servers without targets: null). */
export const ProjectTargetSchema = z.looseObject({ target: TargetSchema.nullable().default(null) });

const Num = z.number().nullable();

/** One round of `GET …/rounds/trajectory`. */
export const TrajectoryRoundSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(['open', 'closed']),
  startedAt: z.string(),
  closedAt: z.string().nullable(),
  blind: z.boolean(),
  documents: z.number(),
  coders: z.number(),
  pooled: z.object({
    cohenKappa: Num,
    krippendorffAlpha: Num,
    gwetAC1: Num,
    percentAgreement: Num,
  }),
  codes: z.array(
    z.object({ codeId: z.string(), name: z.string(), value: Num, reaches: z.boolean().nullable() }),
  ),
  codebookChangesBefore: CodebookDiffSchema.nullable(),
});
export type TrajectoryRound = z.infer<typeof TrajectoryRoundSchema>;

/** `GET …/rounds/trajectory`. */
export const TrajectorySchema = z.object({
  target: TargetSchema.nullable(),
  rounds: z.array(TrajectoryRoundSchema),
});
export type Trajectory = z.infer<typeof TrajectorySchema>;
