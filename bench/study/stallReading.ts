/** What the event-loop probe answers (bench/study/eventLoopProbe.ts), as pure data. */

/** The event loop's delays since the probe was last reset. */
export interface EventLoopReading {
  /**
   * The longest stall, ms: the longest gap between two of the histogram's ticks less its period
   * (a gap of one period is no stall); 0 when there was none. Known to within one period.
   */
  longestStallMs: number;
  /** The 99th percentile of the gaps less the period, ms (0 at least). */
  p99StallMs: number;
  /** How many ticks were recorded; 0 means the step was too short to sample. */
  ticks: number;
  /** The histogram's sampling period, ms. */
  resolutionMs: number;
}

/** The part of `IntervalHistogram` a reading needs: nanoseconds, as Node reports them. */
export interface DelayHistogram {
  readonly max: number;
  readonly count: number;
  percentile(p: number): number;
}

/** A reading of `histogram`, sampled every `resolutionMs`. */
export function readingOf(histogram: DelayHistogram, resolutionMs: number): EventLoopReading {
  const ms = (ns: number) => Math.max(0, ns / 1e6 - resolutionMs);
  const ticks = histogram.count;
  return {
    longestStallMs: ticks === 0 ? 0 : ms(histogram.max),
    p99StallMs: ticks === 0 ? 0 : ms(histogram.percentile(99)),
    ticks,
    resolutionMs,
  };
}
