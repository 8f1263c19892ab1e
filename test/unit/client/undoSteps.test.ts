import { describe, expect, it } from 'vitest';
import { StepHistory, stepLabel, type UndoStep } from '../../../client/src/coding/undoSteps.ts';

const step = (
  stack: string,
  kind: UndoStep<string>['kind'],
  codeName = 'Critical challenge',
): UndoStep<string> => ({
  stack,
  kind,
  codeName,
  codingId: `${stack}-${kind}`,
});

describe('step labels', () => {
  it('name the action and the code', () => {
    expect(stepLabel({ kind: 'apply', codeName: 'Critical challenge' })).toBe(
      'coding “Critical challenge” applied',
    );
    expect(stepLabel({ kind: 'remove', codeName: 'Trust' })).toBe('coding “Trust” removed');
    expect(stepLabel({ kind: 'fit', codeName: 'Trust' })).toBe('coding “Trust” fitted to the selection');
    expect(stepLabel({ kind: 'memo', codeName: 'Trust' })).toBe('memo on “Trust”');
    expect(stepLabel({ kind: 'recode', codeName: 'Trust' })).toBe('code changed to “Trust”');
  });
});

describe('one history over several stacks', () => {
  it('undoes the latest step whatever its stack, and redoes in reverse', () => {
    const h = new StepHistory<string>();
    h.record(step('own', 'apply'));
    h.record(step('consensus', 'apply'));
    h.record(step('own', 'memo'));
    expect(h.takeUndo()).toEqual(step('own', 'memo'));
    expect(h.takeUndo()).toEqual(step('consensus', 'apply'));
    expect(h.nextUndo).toEqual(step('own', 'apply'));
    expect(h.takeRedo()).toEqual(step('consensus', 'apply'));
    expect(h.nextRedo).toEqual(step('own', 'memo'));
  });

  it('a new step clears what could be redone', () => {
    const h = new StepHistory<string>();
    h.record(step('own', 'apply'));
    h.takeUndo();
    expect(h.nextRedo).not.toBeNull();
    h.record(step('own', 'remove'));
    expect(h.nextRedo).toBeNull();
    expect(h.takeRedo()).toBeNull();
  });

  it('forgets the steps of a closed stack only', () => {
    const h = new StepHistory<string>();
    h.record(step('own', 'apply'));
    h.record(step('consensus', 'apply'));
    h.record(step('own', 'remove'));
    h.takeUndo();
    h.dropStack('own');
    expect(h.nextRedo).toBeNull();
    expect(h.takeUndo()).toEqual(step('consensus', 'apply'));
    expect(h.takeUndo()).toBeNull();
  });
});
