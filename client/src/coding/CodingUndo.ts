/**
 * Undo and redo of the user's own coding steps in the coding view. One Yjs undo manager per layer
 * the user writes (their own, and the consensus for reviewers who code into it), each tracking
 * only the edits this view made (the session's `editOrigin`): what other people changed, in any
 * layer, and what arrived from the server or the browser's copy is never undone. `StepHistory`
 * keeps the order of steps across the managers, so the user sees one history.
 *
 * Fires `change` when what can be undone or redone changed.
 */
import * as Y from 'yjs';
import { codingsMap } from '../../../shared/model/layer.ts';
import type { CodingSession } from './CodingSession.ts';
import { StepHistory, type StepKind, type UndoStep } from './undoSteps.ts';

/** How long consecutive memo keystrokes on one coding join into one step, in milliseconds. */
const MEMO_CAPTURE_MS = 1000;

interface Stack {
  doc: Y.Doc;
  manager: Y.UndoManager;
}

/** What a step is about, given before it is made. */
export interface StepInfo {
  kind: StepKind;
  codeName: string;
  /** The coding it changes; '' for a coding the step creates. */
  codingId: string;
}

export class CodingUndo extends EventTarget {
  private readonly stacks = new Map<string, Stack>();
  private readonly history = new StepHistory<string>();

  constructor(readonly session: CodingSession) {
    super();
  }

  /** The step Ctrl+Z undoes, if any. */
  get nextUndo(): UndoStep<string> | null {
    this.forgetClosed();
    return this.history.nextUndo;
  }

  /** The step Ctrl+Shift+Z redoes, if any. */
  get nextRedo(): UndoStep<string> | null {
    this.forgetClosed();
    return this.history.nextRedo;
  }

  /**
   * Makes an edit of layer `coder` (through the session, which marks it with its `editOrigin`) as
   * one undoable step; returns what the edit returns. Memo keystrokes on the same coding in quick
   * succession join the step before them.
   */
  track<T>(coder: string, info: StepInfo, edit: () => T): T {
    const stack = this.stackOf(coder);
    if (!stack) return edit();
    const last = this.history.nextUndo;
    const joins =
      info.kind === 'memo' &&
      last?.kind === 'memo' &&
      last.codingId === info.codingId &&
      last.stack === coder;
    if (!joins) stack.manager.stopCapturing();
    const before = stack.manager.undoStack.length;
    const result = edit();
    if (stack.manager.undoStack.length > before) {
      this.history.record({ stack: coder, ...info, codingId: info.codingId || String(result ?? '') });
      // One history: a new step anywhere ends what could be redone everywhere.
      for (const other of this.stacks.values()) if (other !== stack) other.manager.clear(false, true);
      this.changed();
    }
    return result;
  }

  /** Undoes the user's latest step; returns it, or null when there was none. */
  undo(): UndoStep<string> | null {
    this.forgetClosed();
    const step = this.history.takeUndo();
    if (step) this.stacks.get(step.stack)?.manager.undo();
    this.changed();
    return step;
  }

  /** Redoes the latest undone step; returns it, or null when there was none. */
  redo(): UndoStep<string> | null {
    this.forgetClosed();
    const step = this.history.takeRedo();
    if (step) this.stacks.get(step.stack)?.manager.redo();
    this.changed();
    return step;
  }

  destroy(): void {
    for (const stack of this.stacks.values()) stack.manager.destroy();
    this.stacks.clear();
    this.history.clear();
  }

  private stackOf(coder: string): Stack | null {
    this.forgetClosed();
    const doc = this.session.layerDoc(coder);
    if (!doc) return null;
    let stack = this.stacks.get(coder);
    if (!stack) {
      const manager = new Y.UndoManager(codingsMap(doc), {
        trackedOrigins: new Set([this.session.editOrigin]),
        captureTimeout: MEMO_CAPTURE_MS,
      });
      stack = { doc, manager };
      this.stacks.set(coder, stack);
    }
    return stack;
  }

  /** Drops the stacks of layers the session closed (a round change): their steps cannot be undone. */
  private forgetClosed(): void {
    for (const [coder, stack] of this.stacks) {
      if (this.session.layerDoc(coder) === stack.doc) continue;
      stack.manager.destroy();
      this.stacks.delete(coder);
      this.history.dropStack(coder);
    }
  }

  private changed(): void {
    this.dispatchEvent(new Event('change'));
  }
}
