/**
 * Recordings (docs/sources.md, "Measured"): importing a 500 MB video with its transcript into the
 * real server in its own process, and reading it back; then seeking a recording from its
 * transcript in Chromium. Each figure stands beside a floor measured in the same run: for the
 * import, the same bytes written to a file on the same disk with fs streams; for seeking, the
 * same seeks on a bare `<audio>` element. Figures only, never a pass or fail on time.
 *
 * The import runs on SQLite (files under DATA_DIR) and, when `CONCORD_TEST_DATABASE_URL` is set
 * (as for the cluster section), also on PostgreSQL, in a fresh schema.
 */
import { measureImports, RANGE, VIDEO_BYTES, type Backend } from './mediaImport.ts';
import { CUES, measureSeeks, RECORDING } from './mediaSeek.ts';
import type { BenchSection } from './run.ts';
import { compared, measured, type BenchRow } from './table.ts';

/**
 * Import rounds after one warm-up: each moves 500 MB through the server and 500 MB through the
 * floor, so fewer than the usual five keep the section within minutes on a shared machine.
 */
const IMPORT_ROUNDS = 3;
/** Seeks measured after one warm-up. */
const SEEKS = 20;
const DATABASE_URL = process.env.CONCORD_TEST_DATABASE_URL || undefined;

/** The nearest-rank percentile `p` (0–100) of `samples`. */
function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((x, y) => x - y);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Rows p50 (with its range and the paired ratio), p95 and max of seek times against the floor. */
function seekRows(name: string, app: number[], bare: number[]): BenchRow[] {
  return [
    { name: `${name} (p50)`, unit: 'ms', ...compared(app, bare) },
    ...[95, 100].map((p) => ({
      name: `  ${p === 100 ? 'max' : `p${p}`}`,
      unit: 'ms',
      value: percentile(app, p),
      reference: percentile(bare, p),
    })),
  ];
}

async function importRows(backend: Backend): Promise<BenchRow[]> {
  process.stderr.write(`  importing on ${backend.name}…\n`);
  const { imports, floors } = await measureImports(backend, { rounds: IMPORT_ROUNDS, warmups: 1 });
  const mb = VIDEO_BYTES / 1e6;
  const perSecond = (ms: number) => mb / (ms / 1000);
  const store = backend.name === 'SQLite' ? 'SQLite, files under DATA_DIR' : 'PostgreSQL';
  return [
    {
      name: `import ${mb} MB .mp4 + .vtt (${store}); floor: fs write + fsync`,
      unit: 'ms',
      ...compared(
        imports.map((r) => r.uploadMs),
        floors.map((r) => r.writeMs),
      ),
    },
    {
      name: '  throughput',
      unit: 'MB/s',
      ...compared(
        imports.map((r) => perSecond(r.uploadMs)),
        floors.map((r) => perSecond(r.writeMs)),
      ),
    },
    { name: '  server RSS before the upload', unit: 'MiB', ...measured(imports.map((r) => r.rssBeforeMB)) },
    {
      name: '  server peak RSS during the upload',
      unit: 'MiB',
      ...measured(imports.map((r) => r.peakRssMB)),
    },
    {
      name: `  GET …/file Range ${RANGE.first}-${RANGE.last} (1 MB)`,
      unit: 'ms',
      ...measured(imports.map((r) => r.rangeMs)),
    },
    {
      name: '  GET …/file whole; floor: fs read',
      unit: 'MB/s',
      ...compared(
        imports.map((r) => perSecond(r.downloadMs)),
        floors.map((r) => perSecond(r.readMs)),
      ),
    },
  ];
}

export const section: BenchSection = {
  title:
    `Recordings: importing a ${VIDEO_BYTES / 1e6} MB video, and seeking a ${RECORDING.seconds / 60}-minute ` +
    `WAV from its transcript of ${CUES} cues (Chromium)`,
  async run(): Promise<BenchRow[]> {
    const rows = await importRows({ name: 'SQLite' });
    if (DATABASE_URL) rows.push(...(await importRows({ name: 'PostgreSQL', url: DATABASE_URL })));
    else process.stderr.write('  PostgreSQL skipped: set CONCORD_TEST_DATABASE_URL to measure it too\n');
    process.stderr.write('  seeking…\n');
    const { app, bare, wavMB } = await measureSeeks(SEEKS);
    return [
      ...rows,
      ...seekRows(
        `seek: click on a turn's time → seeked (${wavMB.toFixed(1)} MB WAV); floor: currentTime on a bare <audio>`,
        app.map((s) => s.seekedMs),
        bare,
      ),
      ...seekRows(
        '  click → the cue highlighted; floor: the same',
        app.map((s) => s.highlightMs),
        bare,
      ),
    ];
  },
};
