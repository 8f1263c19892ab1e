import { z } from 'zod';

/** Unit of analysis: every code point, derived or given segments, or free unitizing. */
export const UnitOfAnalysisSchema = z.enum(['character', 'segment', 'unitizing']);
/** Unit of analysis. */
export type UnitOfAnalysis = z.infer<typeof UnitOfAnalysisSchema>;

/** How segments are derived from a document's text, or `given` in the input. */
export const SegmentationSchema = z.enum(['paragraph', 'line', 'sentence', 'turn', 'given']);
/** Segmentation. */
export type Segmentation = z.infer<typeof SegmentationSchema>;

/** Bootstrap confidence intervals. */
export const CiOptionsSchema = z.object({
  /** Bootstrap replicates. */
  replicates: z.number().int().min(2).max(1_000_000),
  /** PRNG seed: the same seed and data give the same intervals. */
  seed: z.number().int(),
  /** Coverage of the percentile interval. Default 0.95. */
  level: z.number().gt(0).lt(1).default(0.95),
  /**
   * What is resampled: `units` (default; each code's units, independently per code) or
   * `documents` (a cluster bootstrap that keeps the dependence between units of one transcript
   * and between codes of one unit).
   */
  resample: z.enum(['units', 'documents']).default('units'),
});
/** Bootstrap settings with defaults applied. */
export type CiOptions = z.infer<typeof CiOptionsSchema>;

/** Options of an agreement report. */
export const AgreementOptionsSchema = z.object({
  /** Unit of analysis. Default `segment`. */
  unit: UnitOfAnalysisSchema.default('segment'),
  /** Segmentation when `unit` is `segment`. Default `paragraph`. */
  segments: SegmentationSchema.default('paragraph'),
  /**
   * θ: coder k applied code c to segment u if k's coverage of u by c is ≥ θ·|u|. `any` (default,
   * also 0) means any overlap, i.e. coverage > 0.
   */
  overlap: z.union([z.literal('any'), z.number().min(0).max(1)]).default('any'),
  /** Bootstrap confidence intervals; none when absent. */
  ci: CiOptionsSchema.optional(),
  /** Include per-document summaries. Default true. */
  perDocument: z.boolean().default(true),
});
/** Options with defaults applied. */
export type AgreementOptions = z.infer<typeof AgreementOptionsSchema>;
/** Options as callers write them (every field optional). */
export type AgreementOptionsInput = z.input<typeof AgreementOptionsSchema>;
