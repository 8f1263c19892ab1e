/**
 * The agreement section's comparison with statistics packages: Concord's Fleiss' κ against
 * statsmodels and its Krippendorff's α against NLTK, on the same segment matrices, timed side by
 * side in alternating order, values required to agree to {@link TOLERANCE}.
 */
import type { AgreementContext, DocumentPartial } from '../shared/agreement/index.ts';
import {
  compareValues,
  concordAlpha,
  concordFleiss,
  firstDocuments,
  segmentMatrices,
  unitCount,
  type SegmentMatrices,
} from './agreementMatrices.ts';
import { ensurePythonPeers, startPythonPeers, type PeerRun } from './pythonPeers.ts';
import { alternate, pairedRatio } from './samples.ts';
import { measured, type BenchRow } from './table.ts';

/** Largest difference allowed between Concord's value and a package's, per code. */
export const TOLERANCE = 1e-9;

/**
 * NLTK builds a dict per rating and a FreqDist per unit, so it is timed on the units of the first
 * documents only (Concord is timed on the same subset for that row).
 */
const NLTK_DOCUMENTS = Number(process.env.BENCH_NLTK_DOCUMENTS ?? 50);

interface Side {
  ms: number;
  values: readonly (number | null)[];
}

function timed(compute: () => (number | null)[]): Side {
  const start = performance.now();
  const values = compute();
  return { ms: performance.now() - start, values };
}

const show = (v: number | null | undefined): string =>
  v === null || v === undefined ? 'null' : v.toFixed(12);

/** Throws unless both sides give every code the same value (within the tolerance, or both null). */
function requireAgreement(what: string, data: SegmentMatrices, concord: Side, peer: PeerRun): number {
  const c = compareValues(data.codes, concord.values, peer.values, TOLERANCE);
  if (c.disagreeing.length > 0 || c.definedByOneSide.length > 0) {
    const bad = [...c.disagreeing, ...c.definedByOneSide].map((code) => {
      const i = data.codes.indexOf(code);
      return `${code}: Concord ${show(concord.values[i])}, ${what} ${show(peer.values[i])}`;
    });
    throw new Error(`Concord and ${what} disagree beyond ${TOLERANCE}:\n  ${bad.join('\n  ')}`);
  }
  return c.maxDifference;
}

/**
 * Rows comparing Concord with statsmodels and NLTK on the segment matrices of `partials`, or no
 * rows (with the reason printed) when Debian's Python with both packages is not available and
 * cannot be installed. Prints every code's values beside each other to `out`. Throws when a value
 * disagrees.
 */
export async function statisticalPackageRows(
  ctx: AgreementContext,
  partials: readonly DocumentPartial[],
  out: NodeJS.WritableStream = process.stdout,
): Promise<BenchRow[]> {
  const setup = ensurePythonPeers();
  if (!setup.ok) {
    out.write(`\nstatsmodels and NLTK rows skipped: ${setup.reason}\n`);
    return [];
  }
  const all = segmentMatrices(ctx, partials);
  const subset = firstDocuments(all, NLTK_DOCUMENTS);
  const peers = await startPythonPeers({
    coders: all.coders,
    codes: all.codes,
    categories: 2,
    fleiss: all.matrices,
    alpha: subset.matrices,
  });
  try {
    const versions = await peers.modules();
    const fleiss = await alternate(
      async () => timed(() => concordFleiss(all)),
      () => peers.fleiss(),
    );
    const alpha = await alternate(
      async () => timed(() => concordAlpha(subset)),
      () => peers.alpha(),
    );
    const fleissConcord = fleiss.a.at(-1)!;
    const fleissPeer = fleiss.b.at(-1)!;
    const alphaConcord = alpha.a.at(-1)!;
    const alphaPeer = alpha.b.at(-1)!;
    const fleissDiff = requireAgreement('statsmodels', all, fleissConcord, fleissPeer);
    const alphaDiff = requireAgreement('NLTK', subset, alphaConcord, alphaPeer);

    const units = unitCount(all);
    const subsetUnits = unitCount(subset);
    out.write(
      `\nFleiss' κ (${units.toLocaleString('en')} segments) and Krippendorff's α (nominal; first ` +
        `${subset.documents.length} documents, ${subsetUnits.toLocaleString('en')} segments) per code; ` +
        `largest difference: κ ${fleissDiff.toExponential(1)}, α ${alphaDiff.toExponential(1)} ` +
        `(required ≤ ${TOLERANCE})\n\n` +
        `code  Concord κ        statsmodels κ    Concord α        NLTK α\n`,
    );
    all.codes.forEach((code, i) => {
      const cells = [
        fleissConcord.values[i],
        fleissPeer.values[i],
        alphaConcord.values[i],
        alphaPeer.values[i],
      ].map((v) => show(v).padEnd(15));
      out.write(`${code.padEnd(4)}  ${cells.join('  ')}\n`);
    });

    const codes = all.codes.length;
    const row = (
      name: string,
      peer: string,
      concord: readonly Side[],
      runs: readonly PeerRun[],
    ): BenchRow => ({
      name,
      unit: 'ms',
      ...measured(concord.map((s) => s.ms)),
      peers: {
        [peer]: measured(runs.map((r) => r.ms)).value,
        'Python wall': measured(runs.map((r) => r.wallMs)).value,
      },
      ratio: pairedRatio(
        concord.map((s) => s.ms),
        runs.map((r) => r.ms),
      ),
    });
    return [
      row(
        `Fleiss κ, ${codes} codes × ${units.toLocaleString('en')} segments: vs statsmodels ${versions.statsmodels}`,
        'statsmodels',
        fleiss.a,
        fleiss.b,
      ),
      row(
        `Krippendorff α, ${codes} codes × first ${subset.documents.length} documents ` +
          `(${subsetUnits.toLocaleString('en')} segments): vs NLTK ${versions.nltk}`,
        'NLTK',
        alpha.a,
        alpha.b,
      ),
    ];
  } finally {
    await peers.close();
  }
}
