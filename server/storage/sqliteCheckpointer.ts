/**
 * Moves SQLite's WAL checkpoints off the event loop. In WAL mode every commit that finds the log
 * past 1,000 pages copies it back into the database file and syncs it, inside that commit, on
 * whatever thread made it: for the server that is the event loop, and a checkpoint there held
 * live sync for tens to hundreds of milliseconds at a time under load (the relay benchmark's
 * latency tail). So the server's own connection turns automatic checkpoints off and a worker
 * thread with a second connection to the same file runs a PASSIVE checkpoint every
 * `intervalMs`: PASSIVE never waits for, nor blocks, readers and writers, and copies what it
 * can. SQLite's durability does not change: a commit is as durable as before (in the WAL); the
 * checkpoint only moves it into the main file. See https://www.sqlite.org/wal.html#ckpt.
 *
 * If the worker fails or exits on its own, the connection's automatic checkpoints are turned
 * back on, so the log can never grow without bound.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** SQLite's default automatic checkpoint threshold, in pages. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;

// Evaluated source (CommonJS), so the worker runs the same under any loader the server runs
// with; the driver's path is resolved here and passed in.
const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 0');
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)');
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

/** A running checkpointer: `close()` runs a last checkpoint and stops it (resolves when done). */
export interface Checkpointer {
  close(): Promise<void>;
}

/**
 * Starts checkpointing `file` (the database `connection` has open, in WAL mode) from a worker
 * thread every `intervalMs` ms (default 250), and turns the connection's own automatic
 * checkpoints off. Close it before closing the connection, so the connection closes last and
 * SQLite removes the WAL file then as usual.
 */
export function startCheckpointer(
  connection: Database.Database,
  file: string,
  intervalMs = 250,
): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(CHECKPOINTER, { eval: true, workerData: { driver, file, intervalMs } });
  // A checkpointer alone never keeps the process alive.
  worker.unref();
  connection.pragma('wal_autocheckpoint = 0');
  let closing = false;
  const exited = new Promise<void>((resolve) => {
    const fallBack = () => {
      if (!closing && connection.open)
        connection.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
      resolve();
    };
    worker.once('error', fallBack);
    worker.once('exit', fallBack);
  });
  return {
    async close() {
      if (closing) return exited;
      closing = true;
      // Held again while it finishes, or a process with nothing else left to do would exit
      // before the last checkpoint (and with a close still awaited).
      worker.ref();
      worker.postMessage('close');
      await exited;
      if (connection.open) connection.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
    },
  };
}
