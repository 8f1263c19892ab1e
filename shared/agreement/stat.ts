/**
 * A computed figure, or `null` with the reason it is undefined. Agreement coefficients are
 * undefined on data without variation or without pairable units; reporting a made-up 0 or 1 (or
 * NaN) there would mislead readers of a paper, so every measure returns this shape.
 */
export type Stat =
  { readonly value: number; readonly reason?: undefined } | { readonly value: null; readonly reason: string };

/** A defined value. */
export function stat(value: number): Stat {
  return { value };
}

/** An undefined value with its reason. */
export function undefinedStat(reason: string): Stat {
  return { value: null, reason };
}

/** `1 − observed/expected` style ratio with the two ways it can be undefined spelled out. */
export function chanceCorrected(observed: number, expected: number, noVariation: string): Stat {
  if (!(expected > 0)) return undefinedStat(noVariation);
  return stat(1 - observed / expected);
}

/** Mean of the defined stats; undefined with `reason` when none is defined. */
export function meanOfDefined(stats: readonly Stat[], reason: string): Stat {
  let sum = 0;
  let n = 0;
  for (const s of stats) {
    if (s.value === null) continue;
    sum += s.value;
    n += 1;
  }
  return n === 0 ? undefinedStat(reason) : stat(sum / n);
}
