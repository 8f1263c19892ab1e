/**
 * Worker-thread entry (server/offThread.ts) combining documents' agreement partials into reports
 * (`combine`), for reports with bootstrap intervals: a thousand replicates over a large project
 * take seconds, which on the event loop would stall every room's sync.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { combine, createAgreementContext } from '../../shared/agreement/index.ts';
import type { CombineInput, CombinedReports } from './combineOffThread.ts';

const { input } = workerData as { input: CombineInput };
const report = combine(createAgreementContext(input.setup, input.options), input.partials);
const againstConsensus = input.consensus
  ? combine(createAgreementContext(input.consensus.setup, input.options), input.consensus.partials)
  : null;
parentPort!.postMessage({ report, againstConsensus } satisfies CombinedReports);
