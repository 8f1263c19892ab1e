/**
 * The user's coding history as one list, whatever room each step went to: each step names the
 * stack (one Yjs undo manager per room) that holds it, so Ctrl+Z always undoes the user's latest
 * step, in whichever of their rooms it was. Pure bookkeeping; the undo managers do the undoing.
 */

/** What a step did, for the Undo/Redo titles and notices. */
export type StepKind = 'apply' | 'remove' | 'fit' | 'memo' | 'recode' | 'reanchor';

export interface UndoStep<S> {
  /** The stack (room) that holds the step. */
  stack: S;
  kind: StepKind;
  /** The code's name as the user saw it. */
  codeName: string;
  /** The coding the step changed. */
  codingId: string;
}

/** The step in words, after "Undo " or "Undone: ": "coding “Critical challenge” applied". */
export function stepLabel(step: Pick<UndoStep<unknown>, 'kind' | 'codeName'>): string {
  const code = `“${step.codeName}”`;
  switch (step.kind) {
    case 'apply':
      return `coding ${code} applied`;
    case 'remove':
      return `coding ${code} removed`;
    case 'fit':
      return `coding ${code} fitted to the selection`;
    case 'memo':
      return `memo on ${code}`;
    case 'recode':
      return `code changed to ${code}`;
    case 'reanchor':
      return `coding ${code} re-anchored`;
  }
}

/**
 * The undo and redo lists. A new step clears the redo list (as in any editor); undoing moves the
 * latest step to the redo list and redoing moves it back.
 */
export class StepHistory<S> {
  private readonly undoList: UndoStep<S>[] = [];
  private readonly redoList: UndoStep<S>[] = [];

  /** The step Ctrl+Z would undo. */
  get nextUndo(): UndoStep<S> | null {
    return this.undoList.at(-1) ?? null;
  }

  /** The step Ctrl+Shift+Z would redo. */
  get nextRedo(): UndoStep<S> | null {
    return this.redoList.at(-1) ?? null;
  }

  /** Records a new step (one the stack holds as a new item); the redo list is cleared. */
  record(step: UndoStep<S>): void {
    this.undoList.push(step);
    this.redoList.length = 0;
  }

  /** Takes the latest step for undoing, moving it to the redo list. */
  takeUndo(): UndoStep<S> | null {
    const step = this.undoList.pop() ?? null;
    if (step) this.redoList.push(step);
    return step;
  }

  /** Takes the latest undone step for redoing, moving it back to the undo list. */
  takeRedo(): UndoStep<S> | null {
    const step = this.redoList.pop() ?? null;
    if (step) this.undoList.push(step);
    return step;
  }

  /** Forgets every step of a stack (its room was closed), keeping the others in order. */
  dropStack(stack: S): void {
    for (const list of [this.undoList, this.redoList]) {
      const kept = list.filter((s) => s.stack !== stack);
      list.splice(0, list.length, ...kept);
    }
  }

  /** Forgets everything. */
  clear(): void {
    this.undoList.length = 0;
    this.redoList.length = 0;
  }
}
