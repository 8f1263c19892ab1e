/** Rows every study step prints: a time against its target, and the step's longest stall. */
import { TARGETS } from '../targets.ts';
import type { BenchRow } from '../table.ts';
import type { EventLoopReading } from './stallReading.ts';

/** A time in ms as a row, in s when `seconds`, judged against `< targetMs` when one is given. */
export function timeRow(name: string, ms: number, targetMs?: number, seconds = false): BenchRow {
  const row: BenchRow = seconds ? { name, value: ms / 1000, unit: 's' } : { name, value: ms, unit: 'ms' };
  if (targetMs === undefined) return row;
  const target = seconds ? `< ${targetMs / 1000} s` : `< ${targetMs} ms`;
  return { ...row, target, met: ms < targetMs };
}

/** The longest event-loop stall of the server during a step, against `TARGETS.stallMs`. */
export function stallRow(step: string, stall: EventLoopReading): BenchRow {
  return {
    name: `  longest event-loop stall during ${step}`,
    value: stall.longestStallMs,
    unit: 'ms',
    target: `< ${TARGETS.stallMs} ms`,
    met: stall.longestStallMs < TARGETS.stallMs,
  };
}
