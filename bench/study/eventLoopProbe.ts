/**
 * A bench-only probe of the server's event loop, preloaded into the server's process with Node's
 * `--import` (bench/study/stalls.ts starts the server so). Nothing in `server/` knows of it, so a
 * production server is never affected: it exists only in a process the benchmark started.
 *
 * It samples `monitorEventLoopDelay` (every `RESOLUTION_MS`) and answers on a port of its own, on
 * 127.0.0.1 only, which it prints on stdout as `EVENT_LOOP_PROBE <port>` before the server starts:
 * - `POST /reset`: starts a new measurement (clears the histogram); answers 204.
 * - `GET /`: `EventLoopReading` as JSON since the last reset.
 * A request to the probe waits for the loop like any other, so the reading taken after a step
 * includes every stall of that step. Both answers wait two periods first: the histogram records
 * the gap since its previous tick and a reset forgets that tick, so a stall starting before the
 * first tick after a reset would go unrecorded; and a reading must come after the tick that ends
 * the last stall.
 */
import { createServer } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readingOf } from './stallReading.ts';

/** Sampling period of the histogram, ms; a stall is known to within one period. */
const RESOLUTION_MS = 5;

const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
histogram.enable();

const probe = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/reset') {
    histogram.reset();
    setTimeout(() => res.writeHead(204).end(), 2 * RESOLUTION_MS);
    return;
  }
  if (req.method === 'GET' && req.url === '/') {
    setTimeout(() => {
      const body = JSON.stringify(readingOf(histogram, RESOLUTION_MS));
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    }, 2 * RESOLUTION_MS);
    return;
  }
  res.writeHead(404).end();
});
// The probe must not keep a server that is asked to stop alive.
probe.unref();
probe.listen(0, '127.0.0.1', () => {
  const address = probe.address();
  if (address === null || typeof address === 'string') throw new Error('the probe has no port');
  process.stdout.write(`EVENT_LOOP_PROBE ${address.port}\n`);
});
