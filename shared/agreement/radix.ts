/**
 * Sorting of non-negative integers, which is all the sweeps ever sort (code point positions and
 * lengths). An LSD radix sort with 8-bit digits beats the built-in comparison sorts several
 * times on the arrays we see, and sorting dominates both the sweeps and combining alpha_u.
 * Everything works on Float64Array so that callers' loops see one array type.
 */

const BITS = 8;
const RADIX = 1 << BITS;
const MASK = RADIX - 1;
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
  let from: Float64Array = a;
  let to: Float64Array = new Float64Array(n);
  const counts = new Uint32Array(RADIX);
  for (let shift = 0; shift < 32 && max >>> shift > 0; shift += BITS) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((from[i] ?? 0) >>> shift) & MASK]! += 1;
    let sum = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = counts[d] ?? 0;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const v = from[i] ?? 0;
      const d = (v >>> shift) & MASK;
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
