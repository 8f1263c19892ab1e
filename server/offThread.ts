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
