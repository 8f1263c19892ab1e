import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { cueMarks, setCues, setCurrentCue, shownCues } from '../../../client/src/editor/cueMarks.ts';

describe('the timeline in the transcript editor', () => {
  const text = 'Nurse: [00:00:03] We lost it.\nInterviewer: [00:00:09] Why?';
  const cues = [
    { from: 7, to: 17, startMs: 3000, endMs: 9000 },
    { from: 43, to: 53, startMs: 9000, endMs: 12_000 },
  ];

  it('keeps each cue on its text through edits until the timeline is read again', () => {
    let state = EditorState.create({ doc: text, extensions: cueMarks(() => undefined) });
    state = state.update({ effects: [setCues.of(cues), setCurrentCue.of(1)] }).state;
    // A typo fix before both stamps, and one inside the second turn after its stamp.
    state = state.update({
      changes: [
        { from: 0, insert: 'The ' },
        { from: 54, insert: 'But ' },
      ],
    }).state;
    const { cues: shown, current } = shownCues(state);
    const doc = state.doc.toString();
    expect(shown.map((c) => doc.slice(c.from, c.to))).toEqual(['[00:00:03]', '[00:00:09]']);
    expect(current).toBe(1);
  });

  it('forgets which cue was played when new cues arrive', () => {
    let state = EditorState.create({ doc: text, extensions: cueMarks(() => undefined) });
    state = state.update({ effects: [setCues.of(cues), setCurrentCue.of(0)] }).state;
    state = state.update({ effects: setCues.of(cues.slice(1)) }).state;
    expect(shownCues(state)).toEqual({ cues: cues.slice(1), current: null });
  });
});
