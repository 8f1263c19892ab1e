/** One measured figure, optionally beside the reference implementation measured in the same run. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** The same figure for the reference implementation, measured in the same run. */
  reference?: number;
  /** Human-readable target, e.g. "≥ 0.8× reference" or "< 200 ms". */
  target?: string;
  /** Whether the target was met (undefined when there is no target). */
  met?: boolean;
}

const fmt = (n: number): string =>
  Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);

/** Prints a section of the benchmark table; ratio is value / reference. */
export function printTable(
  title: string,
  rows: BenchRow[],
  out: NodeJS.WritableStream = process.stdout,
): void {
  const header = ['measure', 'concord', 'reference', 'ratio', 'target', 'met'];
  const body = rows.map((r) => [
    r.name,
    `${fmt(r.value)} ${r.unit}`,
    r.reference === undefined ? '' : `${fmt(r.reference)} ${r.unit}`,
    r.reference === undefined || r.reference === 0 ? '' : `${(r.value / r.reference).toFixed(2)}×`,
    r.target ?? '',
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  out.write(`\n## ${title}\n\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const row of body) out.write(`${line(row)}\n`);
}
