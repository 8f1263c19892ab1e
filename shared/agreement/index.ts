/**
 * Concord's agreement engine: pure functions over plain data (no I/O, no Yjs, no clock).
 *
 * Full report: `computeAgreement(input, options)`.
 * Incremental: `createAgreementContext(setup, options)` once, `analyseDocument(ctx, doc)` per
 * document (cache the partial by the document's state), `combine(ctx, partials)` for the report.
 */
export { computeAgreement, splitInput, type AgreementHooks } from './analyse.ts';
export { combine } from './combine.ts';
export { RunningTables, type MergedTables } from './running.ts';
export { createAgreementContext, type AgreementContext, type AgreementSetup } from './context.ts';
export { analyseDocument, type AgreementDocument, type DocumentPartial } from './document.ts';
export {
  AgreementInputSchema,
  AgreementDocumentInputSchema,
  AgreementCodeInputSchema,
  AgreementCodingInputSchema,
  ExclusiveGroupInputSchema,
  type AgreementInput,
  type AgreementDocumentInput,
  type AgreementCodeInput,
  type AgreementCodingInput,
  type ExclusiveGroupInput,
} from './input.ts';
export {
  AgreementOptionsSchema,
  CiOptionsSchema,
  SegmentationSchema,
  UnitOfAnalysisSchema,
  type AgreementOptions,
  type AgreementOptionsInput,
  type CiOptions,
  type Segmentation,
  type UnitOfAnalysis,
} from './options.ts';
export type {
  AgreementReport,
  CodeReport,
  DocumentReport,
  GroupReport,
  OverallReport,
  PairReport,
  VariableReport,
} from './report.ts';
export type { CiValue } from './bootstrap.ts';
export { interpretAlpha, interpretKappa, type Band } from './interpret.ts';
export { codePointLength, CodePointIndex } from '../model/codePoints.ts';
export type { Stat } from './stat.ts';
