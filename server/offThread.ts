/**
 * Runs a TypeScript module of the server in a worker thread of its own, for work too long to do on
 * the event loop (it would hold every socket of every room while it runs). The module reads its
 * input from `workerData.input` and posts one message, its answer.
 *
 * The worker is started from a small evaluated CommonJS bootstrap that loads the module through
 * tsx's API, so it runs the same whether the server was started by `node --import tsx` or
 * inside the test runner (a worker does not inherit the loader its parent was given).
 */
import { Worker } from 'node:worker_threads';
import { AppError } from '../shared/errors.ts';

const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx)
  .then(({ tsImport }) => tsImport(workerData.entry, workerData.entry))
  .catch((error) => {
    // An entry that cannot be loaded ends the worker with the error, which its parent reports.
    setImmediate(() => { throw error; });
  });
`;

/**
 * Starts `entry` (a module's file URL) in a new worker thread with `input`, copied by structured
 * clone; resolves with the first message it posts and terminates it then.
 * @throws the worker's error, or an Error when it exits without answering.
 */
export function runOffThread<T>(entry: URL, input: unknown): Promise<T> {
  // The ES module build: tsx's CommonJS API cannot load its own ES part from an evaluated worker.
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { tsx, entry: entry.href, input } });
    let settled = false;
    const finish = (result: () => void) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      result();
    };
    worker.once('message', (answer: T) => finish(() => resolve(answer)));
    worker.once('error', (error) => finish(() => reject(error)));
    worker.once('exit', (code) =>
      finish(() => reject(new Error(`worker ${entry.pathname} exited with ${code} before answering`))),
    );
  });
}

/** How many worker threads a pool runs at once, and how many jobs may wait for one. */
export interface OffThreadLimits {
  /** Jobs running at once, each in a thread of its own. Default 2. */
  workers: number;
  /** Jobs waiting for a thread; one more is refused. Default 16. */
  queued: number;
}

/**
 * Bounds the worker threads of one server: each job (a report with bootstrap intervals, a `.qdpx`
 * export) takes a thread and some 100 MB while it runs, so without a bound a member asking for a
 * few dozen at once could exhaust the machine's memory and cores, stalling every room's sync. Jobs
 * beyond `workers` wait their turn in order; beyond `queued` waiting ones, a job is refused with
 * `rateLimited` (429) at once rather than queued without end.
 */
export class OffThreadPool {
  readonly #limits: OffThreadLimits;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limits: Partial<OffThreadLimits> = {}) {
    this.#limits = { workers: limits.workers ?? 2, queued: limits.queued ?? 16 };
  }

  /** Jobs running now and jobs waiting (for metrics and tests). */
  get load(): { running: number; waiting: number } {
    return { running: this.#running, waiting: this.#waiting.length };
  }

  /**
   * {@link runOffThread} once a thread is free.
   * @throws AppError `rateLimited` when `queued` jobs are already waiting; else what the job throws.
   */
  async run<T>(entry: URL, input: unknown): Promise<T> {
    if (this.#running < this.#limits.workers) this.#running++;
    else if (this.#waiting.length >= this.#limits.queued)
      throw new AppError(
        'rateLimited',
        'the server is busy with other long reports and exports; try again in a minute',
      );
    // A finishing job hands its thread over directly, so `running` stays as it is.
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await runOffThread<T>(entry, input);
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
