/**
 * Places coding anchors on the transcript, identically on every replica.
 *
 * A coding's start is a `Y.RelativePosition` on the first character inside its span (assoc 0) and
 * its end one on the last character inside it (assoc -1). While those characters exist that is
 * all there is to it. When one is deleted, Yjs alone places the anchor where the tombstone lies,
 * which loses codings in two everyday cases:
 *
 * - **Undo.** `Y.UndoManager` brings deleted text back as *new* characters (new ids) inserted
 *   right in front of the tombstones. Only the undoing replica remembers the link (`item.redone`,
 *   never sent), so every other replica and the server would see the coding as deleted.
 * - **Retyping the end.** Text typed where characters were deleted lands *after* their
 *   tombstones, so an end anchor on a deleted last character stays in front of the retyped text
 *   and the coding shrinks (`gardne` → `gard` instead of `garden`).
 *
 * This module decides both from the document structure that every replica holds (ids, origins
 * and tombstones), never from local undo state, so the server, every client and every export
 * agree. The rules, in order, for an anchor on character `a`:
 *
 * 1. `a` exists and is not deleted: the anchor is on `a`.
 * 2. `a` was deleted and *restored*: a run of text inserted with a deleted character as its right
 *    origin, exactly as Yjs undo re-inserts deleted text, takes over the places of the deleted
 *    characters from there on, character for character, when it is exactly as long as that deleted
 *    stretch (or the stretch goes on into another restored one). Text typed in front of a passage
 *    that is deleted later rarely matches, so it does not take the passage's codings. Restorations
 *    chain (undo, redo, undo again).
 * 3. Otherwise the anchor falls back to where the tombstone lies. For an end anchor, the span then
 *    also takes in text typed into the gap after the deleted characters: live text directly after
 *    the tombstones whose left origin is one of them (or text already taken in), except text that
 *    merely continues the deleted characters' own insertion (the transcript that followed them).
 *
 * Positions returned here are UTF-16 offsets into the text; callers convert to code points.
 */
import * as Y from 'yjs';
import { CONTENT } from './text.ts';

/** Character ids: `${client}:${clock}`. */
type Key = string;

/** A run of characters inserted in one go (consecutive clocks of one client, each after the last). */
interface Run {
  client: number;
  /** Clock of the run's first character. */
  clock: number;
  length: number;
  /** The character the run was inserted in front of. */
  rightOrigin: Y.ID;
}

/** A Yjs struct of the text: its id, origins, deleted flag and neighbours are what we read. */
type Item = Y.Item;

function key(client: number, clock: number): Key {
  return `${client}:${clock}`;
}

function sameId(a: Y.ID | null, b: Y.ID | null): boolean {
  return a === b || (a !== null && b !== null && a.client === b.client && a.clock === b.clock);
}

/** How deep restorations may chain before we give up (guards against malformed documents). */
const MAX_CHAIN = 1000;

/**
 * Resolves coding anchors against one state of a transcript. Build one per read: it indexes the
 * text's items once and must not outlive a change to the text.
 */
export class AnchorResolver {
  private readonly store: Y.Doc['store'];
  /** UTF-16 offset of each item's first character (or of the spot a deleted item holds). */
  private readonly offsets = new Map<Item, number>();
  private runs: Map<number, Run[]> | null = null;
  private readonly validRuns = new Map<Run, boolean>();

  constructor(private readonly text: Y.Text) {
    const doc = text.doc;
    if (!doc) throw new Error('the transcript text is not part of a document');
    this.store = doc.store;
    let offset = 0;
    for (let item = text._start; item !== null; item = item.right) {
      this.offsets.set(item, offset);
      if (!item.deleted && item.countable) offset += item.length;
    }
  }

  /**
   * UTF-16 offset of an anchor stored as `Y.RelativePosition` JSON, or null when it does not point
   * into this text (another text, or a part not yet synced). Start anchors (assoc ≥ 0) give the
   * offset of their character, end anchors (assoc < 0) the offset just after theirs.
   */
  resolve(json: unknown): number | null {
    const pos = Y.createRelativePositionFromJSON(json);
    if (pos.item === null) {
      // An anchor on the text type itself: its start or its end.
      if (pos.tname !== CONTENT || pos.type !== null) return null;
      return pos.assoc >= 0 ? this.text.length : 0;
    }
    if (pos.tname !== null && pos.tname !== CONTENT) return null;
    const atEnd = pos.assoc < 0;
    let id = pos.item;
    const seen = new Set<Key>();
    for (let step = 0; step < MAX_CHAIN; step++) {
      const item = this.itemAt(id);
      if (item === null) return null;
      if (!item.deleted) {
        const offset = this.offsets.get(item)! + (item.countable ? id.clock - item.id.clock : 0);
        return atEnd && item.countable ? offset + 1 : offset;
      }
      seen.add(key(id.client, id.clock));
      const restored = this.restoredAt(id);
      if (restored === null || seen.has(key(restored.client, restored.clock))) {
        const spot = this.offsets.get(item)!;
        return atEnd ? spot + this.retypedAfter(item) : spot;
      }
      id = restored;
    }
    return null;
  }

  /** The item of this text holding character `id`, or null when it is not (yet) in this text. */
  private itemAt(id: Y.ID): Item | null {
    if (Y.getState(this.store, id.client) <= id.clock) return null;
    const struct = Y.getItem(this.store, id);
    if (!(struct instanceof Y.Item) || struct.parent !== this.text || !this.offsets.has(struct)) {
      return null;
    }
    return struct;
  }

  /** Length of the live text typed into the gap after the tombstone `from`, in UTF-16 units. */
  private retypedAfter(from: Item): number {
    const passed = new Set<Item>([from]);
    let length = 0;
    for (let item = from.right; item !== null; item = item.right) {
      if (item.deleted) {
        passed.add(item);
        continue;
      }
      const origin = item.origin;
      const left = origin === null ? null : this.itemAt(origin);
      if (left === null || !passed.has(left)) break;
      // The transcript that simply went on after the deleted characters is not retyped text.
      const continues =
        left.deleted && origin!.client === item.id.client && origin!.clock + 1 === item.id.clock;
      if (continues) break;
      passed.add(item);
      if (item.countable) length += item.length;
    }
    return length;
  }

  /** The character that restored the deleted character `id`, if any (rule 2). */
  private restoredAt(id: Y.ID): Y.ID | null {
    const candidates = this.restorationRuns().get(id.client);
    if (!candidates) return null;
    for (const run of candidates) {
      const offset = id.clock - run.rightOrigin.clock;
      if (offset < 0 || offset >= run.length || !this.isRestoration(run)) continue;
      return Y.createID(run.client, run.clock + offset);
    }
    return null;
  }

  /**
   * A run restores the characters it was inserted in front of when all of those it covers are
   * deleted and the deleted stretch ends with it (or continues into another restored stretch):
   * text typed before a passage that was deleted later covers only part of that passage.
   */
  private isRestoration(run: Run): boolean {
    const known = this.validRuns.get(run);
    if (known !== undefined) return known;
    const { client, clock } = run.rightOrigin;
    let valid = true;
    for (let c = clock; c < clock + run.length;) {
      const item = this.itemAt(Y.createID(client, c));
      if (item === null || !item.deleted) {
        valid = false;
        break;
      }
      c = item.id.clock + item.length;
    }
    if (valid) {
      const next = Y.createID(client, clock + run.length);
      const after = this.itemAt(next);
      valid =
        after === null ||
        !after.deleted ||
        (this.restorationRuns().get(client) ?? []).some(
          (other) => other !== run && other.rightOrigin.clock === next.clock,
        );
    }
    this.validRuns.set(run, valid);
    return valid;
  }

  /** Runs inserted in front of a deleted character, by that character's client, in text order. */
  private restorationRuns(): Map<number, Run[]> {
    if (this.runs) return this.runs;
    const runs = new Map<number, Run[]>();
    // Runs still open for continuation, by the id of their last character.
    const tails = new Map<Key, Run>();
    for (let item = this.text._start; item !== null; item = item.right) {
      const { client, clock } = item.id;
      const previous = tails.get(key(client, clock - 1));
      if (
        previous &&
        sameId(item.origin, Y.createID(client, clock - 1)) &&
        sameId(item.rightOrigin, previous.rightOrigin)
      ) {
        tails.delete(key(client, clock - 1));
        previous.length += item.length;
        tails.set(key(client, clock + item.length - 1), previous);
        continue;
      }
      const rightOrigin = item.rightOrigin;
      if (rightOrigin === null) continue;
      const target = this.itemAt(rightOrigin);
      if (target === null || !target.deleted) continue;
      const run: Run = { client, clock, length: item.length, rightOrigin };
      tails.set(key(client, clock + item.length - 1), run);
      const list = runs.get(rightOrigin.client) ?? [];
      list.push(run);
      runs.set(rightOrigin.client, list);
    }
    this.runs = runs;
    return runs;
  }
}
