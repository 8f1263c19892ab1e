/**
 * Reading the event-loop probe of a server the benchmark started (bench/study/eventLoopProbe.ts):
 * how to preload it, where it listens, and the longest stall while a step runs.
 */
import { fileURLToPath } from 'node:url';
import type { EventLoopReading } from './stallReading.ts';

/** Node flags that preload the probe into a server started with them (after `--import tsx`). */
export const PROBE_NODE_ARGS: readonly string[] = [
  '--import',
  fileURLToPath(new URL('./eventLoopProbe.ts', import.meta.url)),
];

/** The probe of one server process. */
export interface StallProbe {
  /** Runs `step` between a reset and a reading of the probe; answers both. */
  during<T>(step: () => Promise<T>): Promise<{ result: T; stall: EventLoopReading }>;
}

/**
 * The probe announced in a server's stdout lines (`EVENT_LOOP_PROBE <port>`).
 * @throws Error when no line announces one (the server was not started with `PROBE_NODE_ARGS`).
 */
export function stallProbe(stdoutLines: readonly string[]): StallProbe {
  const port = stdoutLines.map((l) => /^EVENT_LOOP_PROBE (\d+)$/.exec(l)?.[1]).find((p) => p !== undefined);
  if (port === undefined) throw new Error('the server announced no event-loop probe');
  const url = `http://127.0.0.1:${port}/`;
  return {
    async during(step) {
      const reset = await fetch(`${url}reset`, { method: 'POST' });
      if (reset.status !== 204) throw new Error(`event-loop probe reset answered ${reset.status}`);
      const result = await step();
      const read = await fetch(url);
      if (read.status !== 200) throw new Error(`event-loop probe answered ${read.status}`);
      return { result, stall: (await read.json()) as EventLoopReading };
    },
  };
}
