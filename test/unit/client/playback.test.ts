import { describe, expect, it } from 'vitest';
import {
  cueOfLine,
  currentCue,
  passageEndMs,
  rateLabel,
  stampInsertion,
  stepRate,
  timeOfPosition,
  typedCueEndMs,
} from '../../../client/src/model/playback.ts';

const cue = (start: number, end: number, startMs: number, endMs: number) => ({ start, end, startMs, endMs });

describe('playback of a recording beside its transcript', () => {
  it('steps the speed through the listed rates and stays at either end', () => {
    expect(stepRate(1, 1)).toBe(1.25);
    expect(stepRate(1, -1)).toBe(0.75);
    expect(stepRate(2, 1)).toBe(2);
    expect(stepRate(0.5, -1)).toBe(0.5);
    expect(stepRate(1.1, -1)).toBe(1);
    expect(rateLabel(0.75)).toBe('0.75×');
    expect(rateLabel(1)).toBe('1×');
  });

  it('marks the cue being spoken, none in a pause, the later one where cues overlap', () => {
    const cues = [cue(0, 10, 1000, 4000), cue(12, 20, 5000, 9000), cue(22, 30, 8000, 12000)];
    expect(currentCue(cues, 500)).toBeNull();
    expect(currentCue(cues, 1000)).toBe(0);
    expect(currentCue(cues, 4500)).toBeNull();
    expect(currentCue(cues, 8500)).toBe(2);
    expect(currentCue(cues, 12000)).toBeNull();
  });

  it('lets a typed cue without a known end last until a later one starts', () => {
    const cues = [cue(0, 10, 3000, 3000), cue(12, 22, 7000, 7000)];
    expect(currentCue(cues, 2999)).toBeNull();
    expect(currentCue(cues, 6000)).toBe(0);
    expect(currentCue(cues, 60_000)).toBe(1);
    expect(passageEndMs(cues, 3000)).toBe(7000);
    expect(passageEndMs(cues, 7000)).toBeNull();
    expect(passageEndMs([cue(0, 5, 1000, 2500)], 1000)).toBe(2500);
    // Typed in order, the first cue runs to the recording's end: the next one ends its passage.
    expect(passageEndMs([cue(0, 5, 1000, 12_000), cue(9, 19, 6000, 12_000)], 1000)).toBe(6000);
  });

  it('finds the cue of a line: one starting on it, else the one it lies in', () => {
    const cues = [cue(0, 30, 0, 4000), cue(31, 40, 5000, 9000)];
    expect(cueOfLine(cues, 31, 40)?.startMs).toBe(5000);
    expect(cueOfLine(cues, 12, 20)?.startMs).toBe(0);
    expect(cueOfLine(cues, 41, 50)).toBeNull();
  });

  it('keeps a stamp on a line holding only a speaker label and starts a new line after text', () => {
    expect(stampInsertion('', 3200)).toEqual({ insert: '[00:00:03] ', stampOffset: 0, stampLength: 10 });
    expect(stampInsertion('Nurse: ', 3_723_000).insert).toBe('[01:02:03] ');
    expect(stampInsertion('Nurse:', 0).insert).toBe(' [00:00:00] ');
    expect(stampInsertion('Nurse: We lost it.', 61_000)).toEqual({
      insert: '\n[00:01:01] ',
      stampOffset: 1,
      stampLength: 10,
    });
  });

  it('ends a typed cue where the next one starts, else at the end of the recording', () => {
    const cues = [cue(0, 10, 3000, 3000), cue(12, 22, 9000, 9000)];
    expect(typedCueEndMs(cues, 5000, 20_000)).toBe(9000);
    expect(typedCueEndMs(cues, 9500, 20_000.4)).toBe(20_000);
    expect(typedCueEndMs(cues, 9500, null)).toBe(9500);
  });

  it('times a position by the cue holding it, else by the stamp of its line', () => {
    // "Nurse: [00:00:03] We lost it." on 0–30, a blank line, then a line with its stamp at 40.
    const cues = [cue(7, 17, 3000, 7000), cue(40, 50, 7000, 9000)];
    expect(timeOfPosition(cues, 0, 30, 10)).toBe(3000);
    expect(timeOfPosition(cues, 0, 30, 25)).toBe(3000);
    expect(timeOfPosition(cues, 0, 30, 2)).toBe(3000);
    expect(timeOfPosition(cues, 31, 31, 31)).toBeNull();
    expect(timeOfPosition(cues, 32, 60, 55)).toBe(7000);
  });
});
