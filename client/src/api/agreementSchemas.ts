/**
 * The parts of the agreement report (`docs/agreement.md`) the dashboard shows, parsed at the
 * edge. Objects stay loose: the report carries more than the dashboard reads (reasons, tables).
 */
import { z } from 'zod';

const Num = z.number().nullable();

const CiValueSchema = z.looseObject({ lower: Num, upper: Num, reason: z.string().optional() });
export type CiValueView = z.infer<typeof CiValueSchema>;

/**
 * Figures added after the first reports (Gwet's AC1, Holsti, the kappa-paradox flag) are optional,
 * so reports frozen before them still parse.
 */
const Added = Num.optional();

const PairSchema = z.looseObject({
  n: z.number(),
  cohensKappa: Num,
  percentAgreement: Num,
  gwetAC1: Added,
  holsti: Added,
  prevalenceIndex: Added,
  biasIndex: Added,
  paradox: z.boolean().optional(),
  paradoxExplanation: z.string().optional(),
});

export const CodeRowSchema = z.looseObject({
  code: z.string(),
  name: z.string(),
  parent: z.string().nullable(),
  units: z.number(),
  percentAgreement: Num,
  krippendorffAlpha: Num,
  fleissKappa: Num,
  alphaU: Num,
  cohensKappa: z.record(z.string(), Num),
  gwetAC1: Added,
  gwetAC1ByPair: z.record(z.string(), Num).optional(),
  /** Set when percent agreement is high but κ low (Feinstein & Cicchetti 1990). */
  paradox: z.boolean().optional(),
  paradoxExplanation: z.string().optional(),
  pairs: z.record(z.string(), PairSchema),
  ci: z
    .looseObject({
      percentAgreement: CiValueSchema,
      krippendorffAlpha: CiValueSchema,
      fleissKappa: CiValueSchema,
      cohensKappa: z.record(z.string(), CiValueSchema),
      gwetAC1: CiValueSchema.optional(),
      gwetAC1ByPair: z.record(z.string(), CiValueSchema).optional(),
    })
    .optional(),
});
export type CodeRow = z.infer<typeof CodeRowSchema>;

export const DocumentRowSchema = z.looseObject({
  document: z.string(),
  coders: z.array(z.string()),
  units: z.number(),
  percentAgreement: Num,
  krippendorffAlpha: Num,
  pooledKappa: Num,
  alphaU: Num,
});
export type DocumentRow = z.infer<typeof DocumentRowSchema>;

export const ReportSchema = z.looseObject({
  unit: z.enum(['character', 'segment', 'unitizing']),
  unitDescription: z.string(),
  caveats: z.array(z.string()),
  coders: z.array(z.string()),
  pairs: z.array(z.string()),
  documentCount: z.number(),
  documentsPairable: z.number(),
  codes: z.array(CodeRowSchema),
  overall: z.looseObject({
    items: z.number(),
    pooledKappa: Num,
    pooledKappaByPair: z.record(z.string(), Num),
    krippendorffAlpha: Num,
    percentAgreement: Num,
    fleissKappa: Num,
    alphaU: Num,
    gwetAC1: Added,
    holsti: Added,
    /** Bootstrap intervals of the overall figures, when they were asked for. */
    ci: z
      .looseObject({
        pooledKappa: CiValueSchema.optional(),
        krippendorffAlpha: CiValueSchema.optional(),
        percentAgreement: CiValueSchema.optional(),
        gwetAC1: CiValueSchema.optional(),
      })
      .optional(),
  }),
  documents: z.array(DocumentRowSchema).optional(),
  warnings: z.array(z.string()),
});
export type ReportView = z.infer<typeof ReportSchema>;

/** `GET /api/projects/:id/agreement` and each `agreement` event of its live stream. */
export const ProjectAgreementSchema = z.object({
  projectId: z.string(),
  computedAt: z.string(),
  orphanedCodings: z.number(),
  unknownCodeCodings: z.number(),
  report: ReportSchema,
  againstConsensus: ReportSchema.nullable(),
  aggregateOnly: z.literal(true).optional(),
});
export type ProjectAgreementView = z.infer<typeof ProjectAgreementSchema>;
