/**
 * Seeded pseudo-random numbers for the bootstrap: xoshiro128** (Blackman & Vigna 2018) seeded
 * through splitmix32, so the same seed gives the same intervals on every platform. The binomial
 * sampler is exact (inversion or rejection), not a normal approximation.
 */
export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#a = next();
    this.#b = next();
    this.#c = next();
    this.#d = next();
    // Seeds whose hi bits are used as well: fold them in so seeds ≥ 2^32 differ.
    const hi = Math.floor(seed / 2 ** 32) >>> 0;
    this.#a ^= hi;
    if ((this.#a | this.#b | this.#c | this.#d) === 0) this.#a = 1;
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.#b, 5), 7), 9) >>> 0;
    const t = this.#b << 9;
    this.#c ^= this.#a;
    this.#d ^= this.#b;
    this.#b ^= this.#c;
    this.#a ^= this.#d;
    this.#c ^= t;
    this.#d = rotl(this.#d, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /**
   * Binomial(n, p): direct simulation for small n, inversion for a small mean, otherwise
   * Hörmann's (1993) BTRS transformed rejection, an exact method with O(1) expected cost.
   */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (p > 0.5) return n - this.binomial(n, 1 - p);
    if (n < 32) {
      let successes = 0;
      for (let i = 0; i < n; i++) if (this.next() < p) successes += 1;
      return successes;
    }
    if (n * p < 10) return this.#inversion(n, p);
    return this.#btrs(n, p);
  }

  /** BTRS for p ≤ 0.5 and np ≥ 10 (Hörmann 1993, Journal of Statistical Computation and Simulation 46:101). */
  #btrs(n: number, p: number): number {
    const spq = Math.sqrt(n * p * (1 - p));
    const b = 1.15 + 2.53 * spq;
    const a = -0.0873 + 0.0248 * b + 0.01 * p;
    const c = n * p + 0.5;
    const vr = 0.92 - 4.2 / b;
    const r = p / (1 - p);
    const alpha = (2.83 + 5.1 / b) * spq;
    const m = Math.floor((n + 1) * p);
    for (;;) {
      const u = this.next() - 0.5;
      let v = this.next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + c);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || k > n || us <= 0) continue;
      v = Math.log((v * alpha) / (a / (us * us) + b));
      const bound =
        (m + 0.5) * Math.log((m + 1) / (r * (n - m + 1))) +
        (n + 1) * Math.log((n - m + 1) / (n - k + 1)) +
        (k + 0.5) * Math.log((r * (n - k + 1)) / (k + 1)) +
        stirlingTail(m) +
        stirlingTail(n - m) -
        stirlingTail(k) -
        stirlingTail(n - k);
      if (v <= bound) return k;
    }
  }

  #inversion(n: number, p: number): number {
    const ratio = p / (1 - p);
    let f = Math.pow(1 - p, n);
    let u = this.next();
    let x = 0;
    while (u > f && x < n) {
      u -= f;
      x += 1;
      f *= (ratio * (n - x + 1)) / x;
      if (f === 0) break;
    }
    return x;
  }

  /** Multinomial(n, weights/Σweights) by conditional binomials. */
  multinomial(n: number, weights: readonly number[]): number[] {
    let total = 0;
    for (const w of weights) total += w;
    const out = new Array<number>(weights.length).fill(0);
    let left = n;
    let mass = total;
    for (let i = 0; i < weights.length && left > 0; i++) {
      const w = weights[i] ?? 0;
      const x = i === weights.length - 1 || w >= mass ? left : this.binomial(left, w / mass);
      out[i] = x;
      left -= x;
      mass -= w;
    }
    return out;
  }
}

/** log(k!) − Stirling's approximation of it: tabulated below 10, then its asymptotic series. */
const STIRLING_TAIL = [
  0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509, 0.0166446911898211,
  0.0138761288230707, 0.0118967099458917, 0.010411265261972, 0.00925546218271273, 0.00833056343336287,
];

function stirlingTail(k: number): number {
  if (k <= 9) return STIRLING_TAIL[k] ?? 0;
  const k1 = (k + 1) * (k + 1);
  return (1 / 12 - (1 / 360 - 1 / 1260 / k1) / k1) / (k + 1);
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
