import { pairedRatio, spreadOf, type Spread } from './samples.ts';

/** One measured figure, optionally beside the reference implementation measured in the same run. */
export interface BenchRow {
  name: string;
  /** The figure: the median when it was measured several times. */
  value: number;
  unit: string;
  /** Range of the measurements `value` is the median of. */
  spread?: Spread;
  /** The same figure for the reference, measured in the same run. */
  reference?: number;
  /** Range of the reference's measurements. */
  referenceSpread?: Spread;
  /**
   * The same figure for other servers measured in the same run, by name (e.g. `Hocuspocus`):
   * each name gets its own column, between the reference and the ratio.
   */
  peers?: Readonly<Record<string, number>>;
  /** value / reference as the median of ratios of runs made side by side; else value / reference. */
  ratio?: Spread;
  /** Human-readable target, e.g. "≥ 0.8× reference" or "< 200 ms". */
  target?: string;
  /** Whether the target was met (undefined when there is no target). */
  met?: boolean;
}

/** A figure measured several times: its median, with the range. */
export function measured(samples: readonly number[]): Pick<BenchRow, 'value' | 'spread'> {
  const spread = spreadOf(samples);
  return { value: spread.median, spread };
}

/**
 * A figure measured in pairs against a reference (`value[i]` and `reference[i]` in the same
 * round): both medians with ranges, and the median of the paired ratios value / reference.
 */
export function compared(
  value: readonly number[],
  reference: readonly number[],
): Pick<BenchRow, 'value' | 'spread' | 'reference' | 'referenceSpread' | 'ratio'> {
  const spread = spreadOf(value);
  const referenceSpread = spreadOf(reference);
  return {
    value: spread.median,
    spread,
    reference: referenceSpread.median,
    referenceSpread,
    ratio: pairedRatio(value, reference),
  };
}

const fmt = (n: number): string =>
  Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);

const range = (s: Spread | undefined, format: (n: number) => string): string =>
  s && s.n > 1 ? ` (${format(s.min)}–${format(s.max)}, n=${s.n})` : '';

const times = (n: number): string => `${fmt(n)}×`;

/** Prints a section of the benchmark table. */
export function printTable(
  title: string,
  rows: BenchRow[],
  out: NodeJS.WritableStream = process.stdout,
): void {
  const peerNames = [...new Set(rows.flatMap((r) => Object.keys(r.peers ?? {})))];
  const header = ['measure', 'concord', 'reference', ...peerNames, 'ratio', 'target', 'met'];
  const body = rows.map((r) => [
    r.name,
    `${fmt(r.value)} ${r.unit}${range(r.spread, fmt)}`,
    r.reference === undefined ? '' : `${fmt(r.reference)} ${r.unit}${range(r.referenceSpread, fmt)}`,
    ...peerNames.map((name) => {
      const peer = r.peers?.[name];
      return peer === undefined ? '' : `${fmt(peer)} ${r.unit}`;
    }),
    r.ratio
      ? `${times(r.ratio.median)}${range(r.ratio, fmt)}`
      : r.reference === undefined || r.reference === 0
        ? ''
        : times(r.value / r.reference),
    r.target ?? '',
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  const note = rows.some((r) => (r.spread?.n ?? 0) > 1)
    ? 'Figures: median (min–max, n = runs after a warm-up); ratio: median (min–max) of the ratios of runs made side by side, in alternating order.\n\n'
    : '';
  out.write(`\n## ${title}\n\n${note}${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const row of body) out.write(`${line(row)}\n`);
}
