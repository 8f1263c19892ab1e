/**
 * Runs a user's regular expression over texts under a time limit, off the event loop.
 * JavaScript cannot stop a regular expression from outside once it runs, and a pattern like
 * `(\w+\s?)+$` takes exponential time. Run on the server's own thread (even through `node:vm`
 * with a timeout) it would hold every other request and every sync message for the whole budget;
 * so each scan runs in its own worker thread, which is terminated when the budget runs out.
 * One scan per user at a time (`RegexScans`), so nobody can queue up the workers of a whole
 * instance.
 */
import { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors.ts';

/** Defaults: at most 2 s of matching per search, and at most 100,000 matches counted. */
export const REGEX_BUDGET_MS = 2000;
export const REGEX_MAX_MATCHES = 100_000;

/** Heap of a scanning worker beyond the texts it is sent, in MiB. */
const WORKER_HEAP_MB = 512;

// The worker: every non-empty match's UTF-16 span, as [text index, from, to] triples. Evaluated
// source (CommonJS), so it runs the same under any loader the server itself was started with.
const SCAN = `
const { parentPort, workerData } = require('node:worker_threads');
const { texts, source, flags, max } = workerData;
const out = [];
outer: for (let d = 0; d < texts.length; d++) {
  const text = texts[d];
  const re = new RegExp(source, flags);
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex += (text.codePointAt(re.lastIndex) ?? 0) > 0xffff ? 2 : 1;
      continue;
    }
    out.push(d, m.index, m.index + m[0].length);
    if (out.length >= max * 3) break outer;
  }
}
parentPort.postMessage(out);
`;

function tooSlow(budgetMs: number): AppError {
  const message = `the pattern took longer than ${budgetMs} ms to search; make it more specific (nested repetition such as (a+)+ is slow)`;
  return new AppError('validation', 'invalid search query', [{ path: ['q'], message, code: 'custom' }]);
}

/**
 * The UTF-16 spans of `pattern`'s non-empty matches in each text (by text), at most `maxMatches`
 * in all (the rest are not counted), computed in a worker thread. Rejects with `validation` at
 * the field `q` when the time (ms) runs out; the worker is terminated then.
 */
export function scanWithBudget(
  texts: readonly string[],
  pattern: RegExp,
  options: { budgetMs?: number; maxMatches?: number } = {},
): Promise<[number, number][][]> {
  const { budgetMs = REGEX_BUDGET_MS, maxMatches = REGEX_MAX_MATCHES } = options;
  const flags = pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(SCAN, {
      eval: true,
      workerData: { texts, source: pattern.source, flags, max: maxMatches },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    let settled = false;
    const finish = (result: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      result();
    };
    const timer = setTimeout(() => finish(() => reject(tooSlow(budgetMs))), budgetMs);
    worker.once('message', (flat: number[]) =>
      finish(() => {
        const spans: [number, number][][] = texts.map(() => []);
        for (let i = 0; i + 2 < flat.length; i += 3) spans[flat[i]!]!.push([flat[i + 1]!, flat[i + 2]!]);
        resolve(spans);
      }),
    );
    worker.once('error', (err) => finish(() => reject(err)));
    worker.once('exit', (code) =>
      finish(() => reject(new Error(`the pattern search stopped unexpectedly (exit code ${code})`))),
    );
  });
}

/**
 * Pattern scans under way, by user: one at a time each, so one member sending many slow patterns
 * at once occupies one worker, not the instance.
 */
export class RegexScans {
  private readonly running = new Set<string>();

  /**
   * Runs `scan` for `userId`; rejects with `rateLimited` (429) while that user's previous pattern
   * search is still running.
   */
  async run<T>(userId: string, scan: () => Promise<T>): Promise<T> {
    if (this.running.has(userId)) {
      throw new AppError(
        'rateLimited',
        'your previous pattern search is still running; wait for it before starting another',
      );
    }
    this.running.add(userId);
    try {
      return await scan();
    } finally {
      this.running.delete(userId);
    }
  }
}
