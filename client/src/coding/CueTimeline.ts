/**
 * The timeline of the transcript being coded, live: the text room's cues read again whenever the
 * cues or the text change (batched per task), in code points for the player and in editor
 * (UTF-16) offsets for the transcript. Read from the Y.Doc the editor is bound to, so a typo fix
 * or a timestamp typed by anyone shows at once.
 */
import type * as Y from 'yjs';
import { cuesArray, readCues } from '../../../shared/model/cues.ts';
import { CodePointIndex } from '../../../shared/model/codePoints.ts';
import { contentText } from '../../../shared/model/text.ts';
import type { Cue } from '../../../shared/sources.ts';
import type { CueMark } from '../editor/cueMarks.ts';

/** Fires `change` after the cues were read again. */
export class CueTimeline extends EventTarget {
  /** Cues in code points, ordered by start. */
  cues: Cue[] = [];
  /** The same cues in editor offsets, in the same order. */
  marks: CueMark[] = [];
  private queued = false;
  private destroyed = false;
  private readonly onChange = () => this.schedule();

  constructor(readonly doc: Y.Doc) {
    super();
    cuesArray(doc).observeDeep(this.onChange);
    contentText(doc).observe(this.onChange);
    this.read();
  }

  destroy(): void {
    this.destroyed = true;
    cuesArray(this.doc).unobserveDeep(this.onChange);
    contentText(this.doc).unobserve(this.onChange);
  }

  private schedule(): void {
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      if (this.destroyed) return;
      this.read();
      this.dispatchEvent(new Event('change'));
    });
  }

  private read(): void {
    const index = new CodePointIndex(contentText(this.doc).toString());
    this.cues = readCues(this.doc);
    this.marks = this.cues.map((c) => ({
      from: index.toUtf16(c.start),
      to: index.toUtf16(c.end),
      startMs: c.startMs,
      endMs: c.endMs,
    }));
  }
}
