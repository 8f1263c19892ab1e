import { describe, expect, it } from 'vitest';
import {
  alphaBand,
  formatCoefficient,
  formatInterval,
  formatPercent,
  headlineKappa,
  heatColor,
  kappaBand,
  pairLabel,
  reasonFor,
} from '../../../client/src/model/agreementView.ts';

describe('agreement figures on the dashboard', () => {
  it('writes coefficients, percentages and intervals, and n/a for undefined ones', () => {
    expect(formatCoefficient(0.61234)).toBe('0.612');
    expect(formatCoefficient(-0.0001)).toBe('0.000');
    expect(formatCoefficient(null)).toBe('n/a');
    expect(formatPercent(0.947)).toBe('94.7%');
    expect(formatPercent(undefined)).toBe('n/a');
    expect(formatInterval({ lower: 0.5, upper: 0.79 })).toBe('[0.500, 0.790]');
    expect(formatInterval({ lower: null, upper: null })).toBe('');
    expect(formatInterval(undefined)).toBe('');
  });

  it('names the bands of Landis & Koch for κ and of Krippendorff for α', () => {
    expect(kappaBand(0.613)).toBe('substantial');
    expect(kappaBand(-0.1)).toBe('poor');
    expect(kappaBand(null)).toBe('');
    expect(alphaBand(0.8)).toBe('reliable');
    expect(alphaBand(0.7)).toBe('tentative');
    expect(alphaBand(0.612)).toBe('unreliable');
  });

  it('shows Cohen’s κ for one pair and Fleiss’ κ for more', () => {
    const row = { cohensKappa: { 'a|b': 0.4, 'a|c': 0.2, 'b|c': 0.1 }, fleissKappa: 0.25 };
    expect(headlineKappa(row, ['a|b'])).toBe(0.4);
    expect(headlineKappa(row, ['a|b', 'a|c', 'b|c'])).toBe(0.25);
    expect(headlineKappa({ cohensKappa: {}, fleissKappa: null }, ['x|y'])).toBeNull();
  });

  it('colours the heat map from red through green, grey when undefined', () => {
    expect(heatColor(0)).toBe('hsl(0, 70%, 82%)');
    expect(heatColor(-0.5)).toBe('hsl(0, 70%, 82%)');
    expect(heatColor(1)).toBe('hsl(120, 70%, 82%)');
    expect(heatColor(null)).toBe('#eceff3');
  });

  it('labels pairs by name and finds the reason behind a null', () => {
    const names = (id: string) => ({ a: 'Ann', b: 'Bob' })[id] ?? id;
    expect(pairLabel('a|b', names)).toBe('Ann × Bob');
    expect(reasonFor({ krippendorffAlphaReason: 'no variation' }, 'krippendorffAlpha')).toBe('no variation');
    expect(reasonFor({ cohensKappaReason: { 'a|b': 'no units' } }, 'cohensKappa', 'a|b')).toBe('no units');
    expect(reasonFor({}, 'fleissKappa')).toBe('');
  });
});
