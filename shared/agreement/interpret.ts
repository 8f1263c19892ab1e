/** A verbal band for a coefficient, with the source of the convention. */
export interface Band {
  readonly label: string;
  readonly source: string;
}

const KRIPPENDORFF = 'Krippendorff (2004, p. 241)';
const LANDIS_KOCH = 'Landis & Koch (1977)';

/** Krippendorff (2004) guideline: α ≥ .800 reliable, ≥ .667 tentative conclusions only, below: unreliable. */
export function interpretAlpha(alpha: number): Band {
  // Krippendorff's own advice below .667 is to discard the data; as a band, "unreliable" says it
  // without reading as an instruction to delete anything.
  const label = alpha >= 0.8 ? 'reliable' : alpha >= 0.667 ? 'tentative' : 'unreliable';
  return { label, source: KRIPPENDORFF };
}

/** Landis & Koch's bands for kappa. */
export function interpretKappa(kappa: number): Band {
  const label =
    kappa < 0
      ? 'poor'
      : kappa <= 0.2
        ? 'slight'
        : kappa <= 0.4
          ? 'fair'
          : kappa <= 0.6
            ? 'moderate'
            : kappa <= 0.8
              ? 'substantial'
              : 'almost perfect';
  return { label, source: LANDIS_KOCH };
}
