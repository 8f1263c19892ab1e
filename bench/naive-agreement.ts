/**
 * REFERENCE ONLY — the naive way to compute character-level agreement: one array cell per code
 * point, per coder and code. The benchmark times it beside the engine's boundary sweep on the same
 * data and checks that both give the same numbers. Never use it for real reports.
 */

/** Plain per-document input of the reference computation. */
export interface NaiveDocument {
  length: number;
  /** Coders (indices) who completed the document. */
  completed: readonly number[];
  codings: readonly { coder: number; code: number; start: number; end: number }[];
}

/** Per-code figures of the reference computation. */
export interface NaiveCodeResult {
  /** Cohen's kappa per coder pair (a < b, row-major), null when undefined. */
  cohensKappa: (number | null)[];
  fleissKappa: number | null;
  krippendorffAlpha: number | null;
  percentAgreement: number | null;
}

/**
 * Character-level present/absent agreement per code, the slow way: mark every covered code point
 * in a byte array per coder, then walk every code point of every document.
 */
export function naiveCharacterAgreement(
  documents: readonly NaiveDocument[],
  coders: number,
  codes: number,
): NaiveCodeResult[] {
  const results: NaiveCodeResult[] = [];
  for (let code = 0; code < codes; code++) {
    // Counts of units by pattern: value per coder 0/1/missing, encoded base 3.
    const tally = new Float64Array(3 ** coders);
    for (const doc of documents) {
      const present = new Array<boolean>(coders).fill(false);
      for (const c of doc.completed) present[c] = true;
      const cells = Array.from({ length: coders }, () => new Uint8Array(doc.length));
      for (const c of doc.codings) {
        if (c.code !== code || !present[c.coder]) continue;
        cells[c.coder]?.fill(1, c.start, c.end);
      }
      for (let x = 0; x < doc.length; x++) {
        let key = 0;
        for (let k = 0; k < coders; k++) key = key * 3 + (present[k] ? (cells[k]?.[x] ?? 0) : 2);
        tally[key] = (tally[key] ?? 0) + 1;
      }
    }
    const counts = new Map<number, number>();
    tally.forEach((n, key) => {
      if (n > 0) counts.set(key, n);
    });
    results.push(figures(counts, coders));
  }
  return results;
}

function decode(key: number, coders: number): number[] {
  const values = new Array<number>(coders);
  for (let k = coders - 1; k >= 0; k--) {
    values[k] = key % 3;
    key = Math.floor(key / 3);
  }
  return values;
}

function figures(counts: Map<number, number>, m: number): NaiveCodeResult {
  const cohensKappa: (number | null)[] = [];
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      const t = [
        [0, 0],
        [0, 0],
      ];
      for (const [key, n] of counts) {
        const v = decode(key, m);
        const va = v[a] ?? 2;
        const vb = v[b] ?? 2;
        if (va === 2 || vb === 2) continue;
        const row = t[va];
        if (row) row[vb] = (row[vb] ?? 0) + n;
      }
      const n = (t[0]?.[0] ?? 0) + (t[0]?.[1] ?? 0) + (t[1]?.[0] ?? 0) + (t[1]?.[1] ?? 0);
      const po = ((t[0]?.[0] ?? 0) + (t[1]?.[1] ?? 0)) / n;
      const r1 = ((t[1]?.[0] ?? 0) + (t[1]?.[1] ?? 0)) / n;
      const c1 = ((t[0]?.[1] ?? 0) + (t[1]?.[1] ?? 0)) / n;
      const pe = r1 * c1 + (1 - r1) * (1 - c1);
      cohensKappa.push(n > 0 && pe < 1 ? (po - pe) / (1 - pe) : null);
    }
  }
  // Fleiss over complete units; alpha and percent agreement over units with ≥ 2 values.
  let complete = 0;
  let agreeingComplete = 0;
  let ones = 0;
  const o = [
    [0, 0],
    [0, 0],
  ];
  let pairable = 0;
  let shareSum = 0;
  for (const [key, n] of counts) {
    const v = decode(key, m);
    const present = v.filter((x) => x !== 2).length;
    const k1 = v.filter((x) => x === 1).length;
    const k0 = present - k1;
    if (present === m) {
      complete += n;
      agreeingComplete += n * (k1 * (k1 - 1) + k0 * (k0 - 1));
      ones += n * k1;
    }
    if (present >= 2) {
      pairable += n;
      shareSum += (n * (k1 * (k1 - 1) + k0 * (k0 - 1))) / (present * (present - 1));
      const w = n / (present - 1);
      (o[0] as number[])[0] = (o[0]?.[0] ?? 0) + w * k0 * (k0 - 1);
      (o[1] as number[])[1] = (o[1]?.[1] ?? 0) + w * k1 * (k1 - 1);
      (o[0] as number[])[1] = (o[0]?.[1] ?? 0) + w * k0 * k1;
      (o[1] as number[])[0] = (o[1]?.[0] ?? 0) + w * k0 * k1;
    }
  }
  let fleissKappa: number | null = null;
  if (complete > 0) {
    const pBar = agreeingComplete / (complete * m * (m - 1));
    const p1 = ones / (complete * m);
    const pe = p1 * p1 + (1 - p1) * (1 - p1);
    fleissKappa = pe < 1 ? (pBar - pe) / (1 - pe) : null;
  }
  const n0 = (o[0]?.[0] ?? 0) + (o[0]?.[1] ?? 0);
  const n1 = (o[1]?.[0] ?? 0) + (o[1]?.[1] ?? 0);
  const n = n0 + n1;
  const expected = 2 * n0 * n1;
  const krippendorffAlpha = n > 1 && expected > 0 ? 1 - ((n - 1) * 2 * (o[0]?.[1] ?? 0)) / expected : null;
  return {
    cohensKappa,
    fleissKappa,
    krippendorffAlpha,
    percentAgreement: pairable > 0 ? shareSum / pairable : null,
  };
}
