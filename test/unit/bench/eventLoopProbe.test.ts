/**
 * The study benchmark's event-loop probe, preloaded into a real process: it must catch a stall
 * that starts right after a reset (a histogram forgets its last tick on reset, so a naive probe
 * misses exactly that stall), and its reading is the gap less one period.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createHistogram } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readingOf } from '../../../bench/study/stallReading.ts';
import { PROBE_NODE_ARGS, stallProbe } from '../../../bench/study/stalls.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** A server whose `GET /` holds its event loop for 200 ms before answering. */
const BLOCKING_SERVER = `
import { createServer } from 'node:http';
const server = createServer((_req, res) => {
  const until = performance.now() + 200;
  while (performance.now() < until);
  res.end('done');
});
server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));
`;

const children: ReturnType<typeof spawn>[] = [];
afterAll(async () => {
  for (const child of children) {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }
});

describe('event-loop probe', () => {
  it('reads a stall that begins as soon as the probe was reset', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', ...PROBE_NODE_ARGS, '--input-type=module', '-e', BLOCKING_SERVER],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(child);
    const lines: string[] = [];
    const port = await new Promise<string>((resolve) =>
      createInterface({ input: child.stdout! }).on('line', (line) => {
        lines.push(line);
        const m = /^PORT (\d+)$/.exec(line);
        if (m) resolve(m[1]!);
      }),
    );
    const { result, stall } = await stallProbe(lines).during(async () =>
      (await fetch(`http://127.0.0.1:${port}/`)).text(),
    );
    expect(result).toBe('done');
    // A 200 ms busy loop, less one period of the histogram at most.
    expect(stall.longestStallMs).toBeGreaterThanOrEqual(200 - stall.resolutionMs);
    expect(stall.ticks).toBeGreaterThan(0);
  });

  it('reports the longest gap less one period, and no stall when nothing was recorded', () => {
    const histogram = createHistogram();
    expect(readingOf(histogram, 5)).toEqual({ longestStallMs: 0, p99StallMs: 0, ticks: 0, resolutionMs: 5 });
    for (const ms of [5, 5, 6, 130]) histogram.record(ms * 1e6);
    const reading = readingOf(histogram, 5);
    expect(reading.longestStallMs).toBeCloseTo(125, 0);
    expect(reading.ticks).toBe(4);
  });
});
