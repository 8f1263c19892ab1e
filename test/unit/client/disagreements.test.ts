import { describe, expect, it } from 'vitest';
import {
  acceptedCodings,
  agreedCodings,
  disagreementRegions,
  type CoderCoding,
} from '../../../client/src/model/disagreements.ts';

const TEXT = 'Nurse: We lost the garden.\n\nManager: The budget decided it. Nobody asked us.';
let next = 0;
const c = (coder: string, code: string, start: number, end: number): CoderCoding => ({
  id: `c${next++}`,
  coder,
  code,
  start,
  end,
});

describe('disagreement regions', () => {
  it('finds nothing when coders agree, or when fewer than two finished', () => {
    const same = [c('a', 'loss', 7, 26), c('b', 'loss', 7, 26)];
    expect(disagreementRegions(TEXT, same, ['a', 'b'])).toEqual([]);
    expect(disagreementRegions(TEXT, [c('a', 'loss', 7, 26)], ['a'])).toEqual([]);
  });

  it('reports a code one coder applied and the other did not, with both coders’ codings', () => {
    const codings = [c('a', 'loss', 7, 26), c('b', 'loss', 7, 26), c('b', 'money', 37, 57)];
    const [region, ...rest] = disagreementRegions(TEXT, codings, ['a', 'b']);
    expect(rest).toEqual([]);
    expect(region).toMatchObject({ start: 37, end: 57, codes: ['money'] });
    expect(region!.codings.map((x) => x.coder)).toEqual(['b']);
  });

  it('grows a boundary difference to the whole codings on both sides', () => {
    // b stops two words early: the dispute is the tail, the region is a's whole coding.
    const codings = [c('a', 'loss', 7, 26), c('b', 'loss', 7, 17)];
    const [region] = disagreementRegions(TEXT, codings, ['a', 'b']);
    expect(region).toMatchObject({ start: 7, end: 26, codes: ['loss'] });
    expect(region!.codings.map((x) => `${x.coder}:${x.start}-${x.end}`)).toEqual(['b:7-17', 'a:7-26']);
  });

  it('ignores differences that are only white space, and coders not compared', () => {
    const codings = [c('a', 'loss', 7, 28), c('b', 'loss', 7, 26), c('x', 'loss', 30, 40)];
    expect(disagreementRegions(TEXT, codings, ['a', 'b'])).toEqual([]);
  });

  it('joins overlapping disputes of different codes into one region', () => {
    const codings = [c('a', 'loss', 0, 26), c('b', 'place', 10, 40)];
    const regions = disagreementRegions(TEXT, codings, ['a', 'b']);
    expect(regions).toHaveLength(1);
    expect(regions[0]).toMatchObject({ start: 0, end: 40, codes: ['loss', 'place'] });
  });

  it('keys a region by its codings: the same dispute keeps its key, a changed one gets a new key', () => {
    const before = disagreementRegions(TEXT, [c('a', 'loss', 7, 26), c('b', 'loss', 7, 17)], ['a', 'b']);
    const again = disagreementRegions(TEXT, [c('b', 'loss', 7, 17), c('a', 'loss', 7, 26)], ['a', 'b']);
    const changed = disagreementRegions(TEXT, [c('a', 'loss', 7, 26), c('b', 'loss', 7, 20)], ['a', 'b']);
    expect(again[0]!.key).toBe(before[0]!.key);
    expect(changed[0]!.key).not.toBe(before[0]!.key);
  });
});

describe('accepting a version', () => {
  const region = disagreementRegions(
    TEXT,
    [c('a', 'loss', 7, 26), c('b', 'loss', 7, 17), c('b', 'loss', 17, 20), c('b', 'place', 19, 26)],
    ['a', 'b'],
  )[0]!;

  it('takes one coder’s codings, or the union of several, merging same-code overlaps', () => {
    expect(acceptedCodings(region, ['a'])).toEqual([{ code: 'loss', start: 7, end: 26 }]);
    expect(acceptedCodings(region, ['b'])).toEqual([
      { code: 'loss', start: 7, end: 20 },
      { code: 'place', start: 19, end: 26 },
    ]);
    expect(acceptedCodings(region, ['a', 'b'])).toEqual([
      { code: 'loss', start: 7, end: 26 },
      { code: 'place', start: 19, end: 26 },
    ]);
  });
});

describe('what the coders agree on', () => {
  it('keeps, per code, the stretches every compared coder covered', () => {
    const codings = [
      c('a', 'loss', 7, 26),
      c('b', 'loss', 10, 30),
      c('a', 'money', 37, 57),
      c('b', 'money', 37, 57),
      c('b', 'place', 0, 5),
      c('x', 'loss', 0, 60),
    ];
    expect(agreedCodings(codings, ['a', 'b'])).toEqual([
      { code: 'loss', start: 10, end: 26 },
      { code: 'money', start: 37, end: 57 },
    ]);
    expect(agreedCodings(codings, [])).toEqual([]);
  });
});
