/**
 * REFI-QDA `Notes` as memos. Reading: a note referenced from the project (`Project/NoteRef`)
 * becomes a project memo, from a source (`TextSource/NoteRef`) a document memo, from a code
 * (`Code/NoteRef`) a code memo; a note referenced from several of them is one memo linking each
 * (its kind by the first of document, code, project). A note referenced by nothing at all is
 * a project memo too. Notes on codings and selections stay coding memos (readProject.ts); one
 * referenced only from there is not a memo as well. Writing: the reverse, with `creatingUser`
 * and dates, and the memo's kind in the note's `Description` (`concord:memo:<kind>`), so that a
 * code memo linking documents is read back as a code memo.
 */
import { PORTABLE_MEMO_MAX, type PortableMemo } from '../portableMemos.ts';
import { MAX_MEMO_TITLE, MemoKindSchema, type MemoKind } from '../../memos/schemas.ts';
import type { Warnings } from '../warnings.ts';
import { childNamed, childrenNamed, type XmlElement, type XmlOut } from '../xml.ts';
import { normalizeGuid } from './guid.ts';

/** The `Description` of a note Concord wrote for a memo; the memo's kind follows. */
export const MEMO_KIND_MARK = 'concord:memo:';

/** A note of `<Notes>` as read. */
export interface RefiNote {
  key: string;
  name: string;
  text: string;
  /** The kind Concord wrote in the note's `Description`, if it did. */
  kind: MemoKind | null;
  /** `creatingUser`, normalized; null when absent or unreadable. */
  creatingUser: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

/** What a note is referenced from, outside codings and selections. */
export interface NoteReferences {
  project: boolean;
  documents: string[];
  codes: string[];
}

/** Collects the references of notes from the project, sources and codes, as the reader meets them. */
export class NoteReferenceCollector {
  private readonly refs = new Map<string, NoteReferences>();

  constructor(
    private readonly notes: ReadonlyMap<string, RefiNote>,
    private readonly warnings: Warnings,
  ) {}

  /** Records the `<NoteRef>` children of `element` as references from `from`. */
  add(refs: readonly XmlElement[], from: { project: true } | { document: string } | { code: string }): void {
    for (const ref of refs) {
      const key = normalizeGuid(ref.attributes.targetGUID);
      if (key === null || !this.notes.has(key)) {
        this.warnings.add('references to notes the file does not hold were ignored');
        continue;
      }
      const entry = this.refs.get(key) ?? { project: false, documents: [], codes: [] };
      if ('project' in from) entry.project = true;
      else if ('document' in from && !entry.documents.includes(from.document))
        entry.documents.push(from.document);
      else if ('code' in from && !entry.codes.includes(from.code)) entry.codes.push(from.code);
      this.refs.set(key, entry);
    }
  }

  /**
   * The memos: every referenced note, and every note nobody refers to (not even a coding: those in
   * `codingNotes` are coding memos already), in the file's order of `<Notes>`.
   */
  memos(codingNotes: ReadonlySet<string>, coderKeys: ReadonlySet<string>): PortableMemo[] {
    const memos: PortableMemo[] = [];
    for (const note of this.notes.values()) {
      const refs = this.refs.get(note.key);
      if (!refs && codingNotes.has(note.key)) continue;
      let kind: MemoKind = refs?.documents.length ? 'document' : refs?.codes.length ? 'code' : 'project';
      // The kind Concord wrote holds when the references it needs are there.
      if (note.kind === 'project' || (note.kind === 'code' && refs?.codes.length)) kind = note.kind;
      let author = note.creatingUser;
      if (author !== null && !coderKeys.has(author)) {
        this.warnings.add('notes by users missing from <Users> were given to the importing user', note.name);
        author = null;
      }
      let text = note.text;
      if (text.length > PORTABLE_MEMO_MAX) {
        this.warnings.add(`notes longer than ${PORTABLE_MEMO_MAX} characters were shortened`, note.name);
        text = text.slice(0, PORTABLE_MEMO_MAX);
      }
      memos.push({
        key: note.key,
        kind,
        title: noteTitle(note),
        text,
        author,
        createdAt: note.createdAt,
        updatedAt: note.updatedAt ?? note.createdAt,
        documents: refs?.documents ?? [],
        codes: refs?.codes ?? [],
      });
    }
    return memos;
  }
}

/** A memo title for a note: its name, else its first line, else "Memo"; at most `MAX_MEMO_TITLE` code points. */
export function noteTitle(note: Pick<RefiNote, 'name' | 'text'>): string {
  const line = note.name.trim() || (note.text.trim().split('\n')[0] ?? '').trim();
  const points = [...line];
  if (points.length === 0) return 'Memo';
  return points.length > MAX_MEMO_TITLE ? `${points.slice(0, MAX_MEMO_TITLE - 1).join('')}…` : line;
}

/** Reads `<Notes>` (text inline or through `plainText`), by normalized GUID. */
export function readRefiNotes(
  root: XmlElement,
  plainText: (note: XmlElement) => string | undefined,
  dateTime: (value: string | undefined) => string | null,
  warnings: Warnings,
): Map<string, RefiNote> {
  const notes = new Map<string, RefiNote>();
  const collection = childNamed(root, 'Notes');
  for (const note of collection ? childrenNamed(collection, 'Note') : []) {
    const key = normalizeGuid(note.attributes.guid);
    if (key === null || notes.has(key)) continue;
    const description = childNamed(note, 'Description')?.text.trim() ?? '';
    const kind = description.startsWith(MEMO_KIND_MARK)
      ? (MemoKindSchema.safeParse(description.slice(MEMO_KIND_MARK.length)).data ?? null)
      : null;
    if (description !== '' && kind === null)
      warnings.add('<Description> of notes were left out', note.attributes.name ?? '');
    notes.set(key, {
      key,
      kind,
      name: note.attributes.name ?? '',
      text: plainText(note) ?? '',
      creatingUser: normalizeGuid(note.attributes.creatingUser),
      createdAt: dateTime(note.attributes.creationDateTime),
      updatedAt: dateTime(note.attributes.modifiedDateTime),
    });
  }
  return notes;
}

/** What the writer needs to turn memos into notes and references. */
export interface MemoNotes {
  /** `<Note>` elements for `<Notes>`. */
  notes: XmlOut[];
  /** Note GUIDs referenced from the project. */
  project: string[];
  /** Note GUIDs by document key. */
  documents: Map<string, string[]>;
  /** Note GUIDs by code key. */
  codes: Map<string, string[]>;
}

/**
 * Memos as `<Note>`s with `PlainTextContent`, `creatingUser` and dates, and where each is
 * referenced from: a project memo from the project, a document or code memo from each document or
 * code it links (those that exist in the file).
 */
export function writeMemoNotes(
  memos: readonly PortableMemo[],
  ids: {
    note: (key: string) => string;
    user: (coderKey: string) => string;
    documents: ReadonlySet<string>;
    codes: ReadonlySet<string>;
  },
  isoDateTime: (value: string | null | undefined) => string | undefined,
): MemoNotes {
  const out: MemoNotes = { notes: [], project: [], documents: new Map(), codes: new Map() };
  const push = (map: Map<string, string[]>, key: string, guid: string) =>
    map.set(key, [...(map.get(key) ?? []), guid]);
  for (const memo of memos) {
    const guid = ids.note(memo.key);
    out.notes.push({
      name: 'Note',
      attributes: {
        guid,
        name: memo.title,
        creatingUser: memo.author === null ? undefined : ids.user(memo.author),
        creationDateTime: isoDateTime(memo.createdAt),
        modifiedDateTime: isoDateTime(memo.updatedAt),
      },
      children: [
        { name: 'Description', text: `${MEMO_KIND_MARK}${memo.kind}` },
        { name: 'PlainTextContent', text: memo.text },
      ],
    });
    const documents = memo.documents.filter((d) => ids.documents.has(d));
    const codes = memo.codes.filter((c) => ids.codes.has(c));
    if (memo.kind === 'project' || documents.length + codes.length === 0) out.project.push(guid);
    for (const d of documents) push(out.documents, d, guid);
    for (const c of codes) push(out.codes, c, guid);
  }
  return out;
}
