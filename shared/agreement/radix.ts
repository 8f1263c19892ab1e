/**
 * Sorting of non-negative integers, which is all the sweeps ever sort (code point positions and
 * lengths). An LSD radix sort with 8-bit digits beats the built-in comparison sorts several
 * times on the arrays we see, and sorting dominates both the sweeps and combining alpha_u.
 * Everything works on Float64Array so that callers' loops see one array type.
 */

/** Widest digit considered (2,048 buckets). */
const MAX_BITS = 12;

/**
 * Digit width for `n` keys of `width` bits: a pass costs its bucket count plus two visits per
 * key, so the cheapest number of passes wins (25-bit sweep events of a transcript: 3 passes of 9
 * bits rather than 4 of 8). The sorted result does not depend on it.
 */
function digitBits(n: number, width: number): number {
  let best = MAX_BITS;
  let bestCost = Infinity;
  for (let passes = Math.ceil(width / MAX_BITS); passes <= width; passes++) {
    const bits = Math.ceil(width / passes);
    const cost = passes * ((1 << bits) + 2 * n);
    if (cost < bestCost) {
      best = bits;
      bestCost = cost;
    }
    if (bits <= 4) break;
  }
  return best;
}
/** Below this length insertion sort wins (most per-code event lists of a document are short). */
const SMALL = 48;

function insertionSort(a: Float64Array): Float64Array {
  for (let i = 1; i < a.length; i++) {
    const v = a[i] ?? 0;
    let j = i - 1;
    while (j >= 0 && (a[j] ?? 0) > v) {
      a[j + 1] = a[j] ?? 0;
      j -= 1;
    }
    a[j + 1] = v;
  }
  return a;
}

/** Sorts `a` ascending in place and returns it. */
export function sortInPlace(a: Float64Array): Float64Array {
  const n = a.length;
  if (n <= SMALL) return insertionSort(a);
  let max = 0;
  for (let i = 0; i < n; i++) {
    const v = a[i] ?? -1;
    // Radix digits need integers in [0, 2^32); anything else takes the built-in sort.
    if (!(v >= 0 && v < 4294967296 && Math.floor(v) === v)) return a.sort();
    if (v > max) max = v;
  }
  const width = max === 0 ? 1 : 32 - Math.clz32(max);
  const bits = digitBits(n, width);
  const radix = 1 << bits;
  const mask = radix - 1;
  let from: Float64Array = a;
  let to: Float64Array = new Float64Array(n);
  const counts = new Uint32Array(radix);
  for (let shift = 0; shift < 32 && max >>> shift > 0; shift += bits) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((from[i] ?? 0) >>> shift) & mask]! += 1;
    let sum = 0;
    for (let d = 0; d < radix; d++) {
      const c = counts[d] ?? 0;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const v = from[i] ?? 0;
      const d = (v >>> shift) & mask;
      to[counts[d] ?? 0] = v;
      counts[d]! += 1;
    }
    [from, to] = [to, from];
  }
  if (from !== a) a.set(from);
  return a;
}

/** `values` sorted ascending, as a new array. */
export function sortedNumbers(values: ArrayLike<number>): Float64Array {
  return sortInPlace(Float64Array.from(values));
}
