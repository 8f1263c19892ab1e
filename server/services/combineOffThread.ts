/** Combining agreement partials in a worker thread (server/services/agreementWorker.ts). */
import type {
  AgreementReport,
  AgreementSetup,
  AgreementOptionsInput,
  DocumentPartial,
} from '../../shared/agreement/index.ts';
import type { OffThreadPool } from '../offThread.ts';

/** What the worker combines: the same setup and options the partials were computed with. */
export interface CombineInput {
  setup: AgreementSetup;
  options: AgreementOptionsInput;
  partials: readonly DocumentPartial[];
  /** The consensus layer as one more coder, when the project has one. */
  consensus: { setup: AgreementSetup; partials: readonly DocumentPartial[] } | null;
}

export interface CombinedReports {
  report: AgreementReport;
  againstConsensus: AgreementReport | null;
}

/** `combine` of the partials (and of the consensus partials) in a worker thread of `pool`. */
export function combineOffThread(pool: OffThreadPool, input: CombineInput): Promise<CombinedReports> {
  return pool.run<CombinedReports>(new URL('./agreementWorker.ts', import.meta.url), input);
}
