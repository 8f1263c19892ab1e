/**
 * Seeded pseudo-random numbers for the bootstrap: xoshiro128** (Blackman & Vigna 2018) seeded
 * through splitmix32, so the same seed gives the same intervals on every platform. Samplers are
 * exact (rejection or recursion), not normal approximations.
 */
export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;
  #spareNormal: number | null = null;

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

  /** Standard normal (Marsaglia polar method). */
  normal(): number {
    if (this.#spareNormal !== null) {
      const z = this.#spareNormal;
      this.#spareNormal = null;
      return z;
    }
    for (;;) {
      const u = 2 * this.next() - 1;
      const v = 2 * this.next() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        this.#spareNormal = v * f;
        return u * f;
      }
    }
  }

  /** Gamma(shape, 1) by Marsaglia & Tsang (2000). */
  gamma(shape: number): number {
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.next() || Number.MIN_VALUE, 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const t = 1 + c * x;
      if (t <= 0) continue;
      const v = t * t * t;
      const u = this.next();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Beta(a, b). */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    return x / (x + this.gamma(b));
  }

  /**
   * Binomial(n, p), exactly: direct simulation for small n, inversion for small mean, otherwise
   * Knuth's recursion through the order statistics of uniforms (TAOCP 3.4.1), which halves n
   * with each Beta draw.
   */
  binomial(n: number, p: number): number {
    let successes = 0;
    for (;;) {
      if (n <= 0 || p <= 0) return successes;
      if (p >= 1) return successes + n;
      if (n < 32) {
        for (let i = 0; i < n; i++) if (this.next() < p) successes += 1;
        return successes;
      }
      if (n * Math.min(p, 1 - p) < 16) return successes + this.#inversion(n, p);
      const a = 1 + Math.floor(n / 2);
      const b = n + 1 - a;
      const y = this.beta(a, b);
      if (y >= p) {
        n = a - 1;
        p = p / y;
      } else {
        successes += a;
        n = b - 1;
        p = (p - y) / (1 - y);
      }
    }
  }

  #inversion(n: number, p: number): number {
    const flip = p > 0.5;
    const pp = flip ? 1 - p : p;
    const ratio = pp / (1 - pp);
    let f = Math.pow(1 - pp, n);
    let u = this.next();
    let x = 0;
    while (u > f && x < n) {
      u -= f;
      x += 1;
      f *= (ratio * (n - x + 1)) / x;
      if (f === 0) break;
    }
    return flip ? n - x : x;
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

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
