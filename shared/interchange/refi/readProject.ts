/**
 * Reads a REFI-QDA project (`project.qde` of a `.qdpx`) into plain project data. What Concord
 * cannot hold (pictures, page areas of PDFs, time ranges of recordings, graphs, links, …) is left out with a warning that names it (the table in coverage.ts covers every
 * element and attribute of the schema); what is broken beyond repair is an error.
 *
 * Mapping: `User` → coder (`id="consensus"` → the consensus layer); `Code` tree → codebook;
 * `TextSource` → document (text inline or from `sources/`); `PDFSource` and `AudioSource`/
 * `VideoSource` → a document of their `Representation`'s or `Transcript`'s text with the original
 * file and, for a transcript, the timeline of its `SyncPoint`s (media.ts); a source's `VariableValue`s and those of
 * the `Case`s it belongs to → attributes (typed as their `Variable`s, see variables.ts), `Case` →
 * case, notes on the project, sources and codes → project, document and code memos (notes.ts), its
 * `Description` (the document memo) → attribute `memo`, the `Set`s it is a member of (document
 * groups) → attribute `groups`, the `Set`s a code is a member of → its code groups; `PlainTextSelection`/`Coding` → one coding per `Coding`, by the
 * coding's `creatingUser` (else the selection's); notes on a coding or selection and the
 * selection's description → memo; `Set`s written by Concord (`concord:completed-by:<user GUID>`)
 * → who completed which document.
 */
import { cleanAttributes } from '../../model/attributes.ts';
import { AppError } from '../../errors.ts';
import { CodePointIndex } from '../../model/codePoints.ts';
import type { PortableCoder, PortableCoding, PortableDocument, PortableProject } from '../portable.ts';
import { Warnings } from '../warnings.ts';
import { childNamed, childrenNamed, parseXml, type XmlElement } from '../xml.ts';
import { readRefiCodes } from './codebook.ts';
import { warnLeftOut } from './coverage.ts';
import { normalizeGuid } from './guid.ts';
import {
  cuesFromSyncPoints,
  isMediaSource,
  mediaSourceOf,
  pdfSelections,
  textElementOf,
  timeRangeSelections,
  transcriptSelections,
  type PlacedSelection,
} from './media.ts';
import { NoteReferenceCollector, readRefiNotes } from './notes.ts';
import { readCases, typeDocumentValues } from './variables.ts';

/** Namespace of project files. */
export const PROJECT_NAMESPACE = 'urn:QDA-XML:project:1.0';

/** The description that marks a Concord completion set; the user's GUID follows. */
export const COMPLETED_SET_MARK = 'concord:completed-by:';

/** The `User@id` Concord writes for the consensus layer. */
export const CONSENSUS_USER_ID = 'consensus';

const INTERNAL = 'internal://';
const MEMO_MAX = 100_000;
const TITLE_MAX = 500;

/** Files of the archive's `sources/` folder, by the name after `internal://`. */
export interface RefiSources {
  /** A plain-text file, decoded. */
  read(name: string): string | undefined;
  /** The original file of a PDF or recording (`refiMediaPaths`), as bytes; absent: none is read. */
  file?(name: string): Uint8Array | undefined;
}

export interface ReadRefiOptions {
  /** Timestamp for codings that carry none (ISO 8601). */
  now: string;
  /** Project name when the file gives none. */
  fallbackName: string;
}

/** Parses `project.qde` and checks that it is a REFI-QDA project. */
export function parseRefiProject(xml: string, what = 'project.qde'): XmlElement {
  const root = parseXml(xml, what);
  if (root.name === 'CodeBook') {
    throw new AppError('validation', `${what} is a REFI-QDA codebook, not a project: import it as .qdc`);
  }
  if (root.name !== 'Project') {
    throw new AppError('validation', `${what} is not a REFI-QDA project (its root is <${root.name}>)`);
  }
  return root;
}

/** Elements whose `plainTextPath` names a plain-text file (all of TextSourceType or TranscriptType). */
const TEXT_ELEMENTS = new Set(['TextSource', 'Note', 'Representation', 'Transcript']);

/** The `internal://` names of every plain-text file the project refers to (sources and notes). */
export function refiTextPaths(root: XmlElement): string[] {
  const names = new Set<string>();
  const visit = (element: XmlElement) => {
    const path = element.attributes.plainTextPath;
    if (TEXT_ELEMENTS.has(element.name) && path?.startsWith(INTERNAL)) {
      names.add(path.slice(INTERNAL.length));
    }
    for (const child of element.children) visit(child);
  };
  visit(root);
  return [...names];
}

/** The items of a collection element (`<Users><User/>…</Users>`); none when it is absent. */
function items(root: XmlElement, collection: string, item: string): XmlElement[] {
  const element = childNamed(root, collection);
  return element ? childrenNamed(element, item) : [];
}

/** A valid xsd:dateTime as ISO 8601, or null. */
function dateTime(value: string | undefined): string | null {
  if (value === undefined || !/^\d{4}-\d{2}-\d{2}T/.test(value.trim())) return null;
  const time = Date.parse(value.trim());
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** An xsd:integer, or null. */
function integer(value: string | undefined): number | null {
  const v = value?.trim() ?? '';
  if (!/^[+-]?\d{1,15}$/.test(v)) return null;
  return Number(v);
}

function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

/** The plain text of a TextSource or Note: inline, or from the archive. */
function plainText(element: XmlElement, sources: RefiSources): string | undefined {
  const inline = childNamed(element, 'PlainTextContent');
  if (inline) return inline.text;
  const path = element.attributes.plainTextPath;
  if (path?.startsWith(INTERNAL)) return sources.read(path.slice(INTERNAL.length))?.replace(/^\uFEFF/, '');
  return undefined;
}

/** Reads a parsed REFI-QDA project. Throws only when nothing sensible can be made of it. */
export function readRefiProject(
  root: XmlElement,
  sources: RefiSources,
  options: ReadRefiOptions,
): { project: PortableProject; warnings: string[] } {
  const warnings = new Warnings();
  warnLeftOut(root, warnings);

  // Notes first: codings, selections and sources refer to them.
  const notes = new Map<string, { name: string; text: string }>();
  const usedNotes = new Set<string>();
  for (const note of items(root, 'Notes', 'Note')) {
    const key = normalizeGuid(note.attributes.guid);
    if (key === null) continue;
    notes.set(key, { name: note.attributes.name ?? '', text: plainText(note, sources) ?? '' });
  }
  // Notes on the project, sources and codes become memos; those on codings stay coding memos.
  const memoNotes = new NoteReferenceCollector(
    readRefiNotes(root, (note) => plainText(note, sources), dateTime, warnings),
    warnings,
  );
  memoNotes.add(childrenNamed(root, 'NoteRef'), { project: true });
  const noteTexts = (element: XmlElement): string[] =>
    childrenNamed(element, 'NoteRef').flatMap((ref) => {
      const key = normalizeGuid(ref.attributes.targetGUID);
      const note = key === null ? undefined : notes.get(key);
      if (!note || key === null) {
        warnings.add('references to notes the file does not hold were ignored');
        return [];
      }
      usedNotes.add(key);
      const text = note.text.trim() === '' ? note.name : note.text;
      return text.trim() === '' ? [] : [text];
    });

  // Coders.
  const coders: PortableCoder[] = [];
  const coderKeys = new Set<string>();
  let consensusTaken = false;
  for (const user of items(root, 'Users', 'User')) {
    const key = normalizeGuid(user.attributes.guid);
    if (key === null || coderKeys.has(key)) {
      warnings.add('users without a unique GUID were ignored', user.attributes.name ?? '');
      continue;
    }
    const externalId = user.attributes.id?.trim() || null;
    const consensus: boolean = externalId === CONSENSUS_USER_ID && !consensusTaken;
    consensusTaken ||= consensus;
    const name =
      clip((user.attributes.name ?? '').trim(), 200) ||
      (consensus ? 'Consensus' : `Coder ${key.slice(0, 8)}`);
    coders.push({ key, name, externalId, consensus });
    coderKeys.add(key);
  }
  const UNATTRIBUTED = 'unattributed';
  const coderOf = (...candidates: (string | undefined)[]): string => {
    for (const candidate of candidates) {
      if (candidate === undefined) continue;
      const key = normalizeGuid(candidate);
      if (key === null) continue;
      if (!coderKeys.has(key)) {
        warnings.add(
          'codings by users missing from <Users> were kept under a coder named after the GUID',
          key,
        );
        coders.push({ key, name: `Coder ${key.slice(0, 8)}`, externalId: null, consensus: false });
        coderKeys.add(key);
      }
      return key;
    }
    if (!coderKeys.has(UNATTRIBUTED)) {
      warnings.add('codings without a creatingUser were given to the coder "Unattributed (imported)"');
      coders.push({ key: UNATTRIBUTED, name: 'Unattributed (imported)', externalId: null, consensus: false });
      coderKeys.add(UNATTRIBUTED);
    }
    return UNATTRIBUTED;
  };

  const codebook = childNamed(root, 'CodeBook');
  const codes = readRefiCodes(codebook ? childNamed(codebook, 'Codes') : undefined, warnings, (code, refs) =>
    memoNotes.add(refs, { code }),
  );
  const codeKeys = new Set(codes.map((c) => c.key));

  // Variables and cases become document attributes.
  // Names made safe and unique as read (`site` and ` site `, `__proto__`): each variable keeps its
  // own attribute, whatever its name.
  const declared: [string, string][] = [];
  for (const variable of items(root, 'Variables', 'Variable')) {
    const key = normalizeGuid(variable.attributes.guid);
    const name = variable.attributes.name?.trim();
    if (key !== null && name) declared.push([name, key]);
  }
  const variables = new Map(Object.entries(cleanAttributes(declared)).map(([name, key]) => [key, name]));
  // Each variable's declared type, by the attribute name it was given (variables.ts).
  const variableTypes = new Map<string, string | undefined>();
  for (const variable of items(root, 'Variables', 'Variable')) {
    const name = variables.get(normalizeGuid(variable.attributes.guid) ?? '');
    if (name !== undefined && !variableTypes.has(name))
      variableTypes.set(name, variable.attributes.typeOfVariable);
  }
  const readValues = (element: XmlElement): Record<string, string> => {
    const values: Record<string, string> = {};
    for (const value of childrenNamed(element, 'VariableValue')) {
      const ref = normalizeGuid(childNamed(value, 'VariableRef')?.attributes.targetGUID);
      const name = ref === null ? undefined : variables.get(ref);
      const content = value.children.find((c) => c.name !== 'VariableRef');
      if (name === undefined) {
        warnings.add('variable values of unknown variables were ignored');
        continue;
      }
      values[name] = content?.text ?? '';
    }
    return values;
  };
  const caseAttributes = new Map<string, Record<string, string>>();
  for (const kase of items(root, 'Cases', 'Case')) {
    const values = readValues(kase);
    const name = kase.attributes.name?.trim();
    for (const ref of childrenNamed(kase, 'SourceRef')) {
      const source = normalizeGuid(ref.attributes.targetGUID);
      if (source === null) continue;
      const before = caseAttributes.get(source) ?? {};
      const cases = [before.case, name].filter((c): c is string => Boolean(c)).join('; ');
      caseAttributes.set(source, { ...before, ...values, ...(cases ? { case: cases } : {}) });
    }
  }

  // Sets that are not Concord's completion sets: their sources form document groups (MAXQDA
  // document sets, NVivo sets, ATLAS.ti document groups), their codes code groups; note members
  // are reported by warnLeftOut.
  const documentGroups = new Map<string, string[]>();
  const codeGroups = new Map<string, string[]>();
  for (const set of items(root, 'Sets', 'Set')) {
    const description = childNamed(set, 'Description')?.text.trim() ?? '';
    if (description.startsWith(COMPLETED_SET_MARK)) continue;
    const name = set.attributes.name?.trim() || 'Unnamed set';
    if (description !== '') warnings.add('descriptions of sets were left out (their names are kept)', name);
    for (const [element, groups] of [
      ['MemberSource', documentGroups],
      ['MemberCode', codeGroups],
    ] as const) {
      for (const member of childrenNamed(set, element)) {
        const target = normalizeGuid(member.attributes.targetGUID);
        if (target === null) continue;
        const list = groups.get(target) ?? [];
        if (!list.includes(name)) list.push(name);
        groups.set(target, list);
      }
    }
  }
  for (const code of codes) {
    const groups = codeGroups.get(code.key);
    if (groups) code.groups = groups.map((g) => clip(g, 200));
  }

  // Sources and their codings.
  const documents: PortableDocument[] = [];
  const codings: PortableCoding[] = [];
  const documentKeys = new Set<string>();
  const codingKeys = new Set<string>();
  const sourcesElement = childNamed(root, 'Sources');
  for (const source of sourcesElement?.children ?? []) {
    const label = source.attributes.name ?? source.attributes.guid ?? '';
    // Pictures are reported by warnLeftOut; PDFs and recordings are read through their text.
    if (source.name !== 'TextSource' && !isMediaSource(source)) continue;
    let key = normalizeGuid(source.attributes.guid);
    if (key === null || documentKeys.has(key)) {
      warnings.add('sources without a unique GUID were given a new one', label);
      key = `source-${documents.length + 1}`;
    }
    // A recording left out takes its time ranges with it; they are named, as everything left out is.
    const leftOut = () => {
      if (source.name === 'AudioSource' || source.name === 'VideoSource')
        timeRangeSelections(source, [], warnings, label);
    };
    const textElement = textElementOf(source, warnings, label);
    const file = isMediaSource(source)
      ? mediaSourceOf(source, (name) => sources.file?.(name), warnings, label)
      : undefined;
    // A recording without a transcript is transcribed in the app (docs/sources.md).
    const untranscribed = textElement === undefined && file !== undefined && file.kind !== 'pdf';
    const text = textElement ? plainText(textElement, sources) : untranscribed ? '' : undefined;
    if (textElement === undefined && !untranscribed) {
      warnings.add(
        source.name === 'PDFSource'
          ? 'PDF sources without a text <Representation> were left out (import the PDF itself to read its text)'
          : 'recordings without a transcript or a media file in the archive were left out',
        label,
      );
      leftOut();
      continue;
    }
    if (text === undefined) {
      const path = textElement?.attributes.plainTextPath;
      warnings.add(
        path
          ? 'text sources whose plain text is not in the archive were left out'
          : 'text sources without plain text (rich text only) were left out',
        path ?? label,
      );
      leftOut();
      continue;
    }
    // The checks every document passes, however it arrives (see checkDocumentText on the server).
    // A recording whose transcript is still empty (as Concord exports one) is untranscribed too.
    const recording = file !== undefined && file.kind !== 'pdf';
    if (text.trim() === '' && !untranscribed && !recording) {
      warnings.add('text sources without any text were left out', label);
      leftOut();
      continue;
    }
    if (text.includes('\u0000')) {
      warnings.add('text sources that look binary, not text, were left out', label);
      leftOut();
      continue;
    }
    documentKeys.add(key);
    const title = clip(label.trim(), TITLE_MAX) || `Source ${documents.length + 1}`;
    const attributes: Record<string, string> = { ...caseAttributes.get(key), ...readValues(source) };
    const memo = childNamed(source, 'Description')?.text.trim() ?? '';
    if (memo !== '') attributes.memo = memo;
    const groups = documentGroups.get(key);
    if (groups) attributes.groups = groups.join('; ');
    memoNotes.add(childrenNamed(source, 'NoteRef'), { document: key });
    const length = new CodePointIndex(text).length;
    const transcript = source.name === 'TextSource' || source.name === 'PDFSource' ? undefined : textElement;
    const cues = transcript ? cuesFromSyncPoints(transcript, length, warnings, title) : [];
    documents.push({
      key,
      title,
      text,
      attributes,
      createdAt: dateTime(source.attributes.creationDateTime),
      ...(file ? { source: file } : {}),
      ...(cues.length > 0 ? { cues } : {}),
    });

    const addCoding = (
      coding: XmlElement,
      span: { start: number; end: number },
      memo: string[],
      fallback: { user?: string; created?: string },
    ) => {
      const code = normalizeGuid(childNamed(coding, 'CodeRef')?.attributes.targetGUID);
      if (code === null || !codeKeys.has(code)) {
        warnings.add('codings of codes that are not in the codebook were left out', `in '${title}'`);
        return;
      }
      let codingKey = normalizeGuid(coding.attributes.guid);
      if (codingKey === null || codingKeys.has(codingKey)) codingKey = `coding-${codings.length + 1}`;
      codingKeys.add(codingKey);
      const texts = [...noteTexts(coding), ...memo];
      let joined = texts.join('\n\n');
      if (joined.length > MEMO_MAX) {
        warnings.add(`memos longer than ${MEMO_MAX} characters were shortened`, `in '${title}'`);
        joined = joined.slice(0, MEMO_MAX);
      }
      codings.push({
        key: codingKey,
        document: key!,
        coder: coderOf(coding.attributes.creatingUser, fallback.user),
        code,
        start: span.start,
        end: span.end,
        memo: joined,
        createdAt: dateTime(coding.attributes.creationDateTime) ?? dateTime(fallback.created) ?? options.now,
      });
    };

    // Selections on the text: positions in the text element itself, between a transcript's sync
    // points, or where a PDF selection's own text occurs (media.ts).
    const placed: PlacedSelection[] = [
      ...(textElement ? childrenNamed(textElement, 'PlainTextSelection') : []).map((element) => ({
        element,
        start: integer(element.attributes.startPosition),
        end: integer(element.attributes.endPosition),
      })),
      ...(transcript ? transcriptSelections(transcript) : []),
      ...(source.name === 'PDFSource' ? pdfSelections(source, text, warnings, title) : []),
      ...(source.name === 'AudioSource' || source.name === 'VideoSource'
        ? timeRangeSelections(source, cues, warnings, title)
        : []),
    ];
    for (const { element: selection, start: from, end: to } of placed) {
      let start = from;
      let end = to;
      if (start === null || end === null) {
        warnings.add('selections with unreadable positions were left out', `in '${title}'`);
        continue;
      }
      // Some tools write a selection's ends the other way round.
      if (end < start) [start, end] = [end, start];
      if (start < 0 || start >= length) {
        warnings.add('selections outside their document were left out', `[${start}, ${end}) in '${title}'`);
        continue;
      }
      if (end > length) {
        warnings.add(
          'selections past the end of their document were clipped to it',
          `[${start}, ${end}) in '${title}'`,
        );
        end = length;
      }
      if (end === start) {
        warnings.add('empty selections were left out', `at ${start} in '${title}'`);
        continue;
      }
      const description = childNamed(selection, 'Description')?.text.trim() ?? '';
      const memo = [...noteTexts(selection), ...(description === '' ? [] : [description])];
      const inner = childrenNamed(selection, 'Coding');
      if (inner.length === 0) warnings.add('selections without a coding were left out', `in '${title}'`);
      for (const coding of inner) {
        addCoding(coding, { start, end }, memo, {
          user: selection.attributes.creatingUser,
          created: selection.attributes.creationDateTime,
        });
      }
    }
    // A coding of the source itself (or of a PDF's representation) covers all of it.
    const whole = [
      ...childrenNamed(source, 'Coding'),
      ...(source.name === 'PDFSource' && textElement ? childrenNamed(textElement, 'Coding') : []),
    ];
    for (const coding of whole) {
      if (length === 0) continue;
      addCoding(coding, { start: 0, end: length }, [], {
        user: source.attributes.creatingUser,
        created: source.attributes.creationDateTime,
      });
    }
  }

  // Who completed which document, when the file says (Concord writes one set per coder).
  let completed: Record<string, string[]> | null = null;
  for (const set of items(root, 'Sets', 'Set')) {
    const description = childNamed(set, 'Description')?.text.trim() ?? '';
    if (!description.startsWith(COMPLETED_SET_MARK)) continue;
    const coder = normalizeGuid(description.slice(COMPLETED_SET_MARK.length));
    if (coder === null || !coderKeys.has(coder)) {
      warnings.add('completion sets of unknown users were ignored', set.attributes.name ?? '');
      continue;
    }
    completed ??= Object.fromEntries(documents.map((d) => [d.key, [] as string[]]));
    for (const member of childrenNamed(set, 'MemberSource')) {
      const document = normalizeGuid(member.attributes.targetGUID);
      const list = document === null ? undefined : completed[document];
      if (list && !list.includes(coder)) list.push(coder);
    }
  }

  const memos = memoNotes.memos(usedNotes, coderKeys);

  // Typed variables and cases (variables.ts), read once every document's attributes are known.
  const attributeTypes = typeDocumentValues(variableTypes, documents, warnings);
  const cases = readCases(root, documentKeys, warnings);

  const name = clip((root.attributes.name ?? '').trim(), 200) || options.fallbackName;
  const description = childNamed(root, 'Description')?.text ?? '';
  if (description.length > 10_000) warnings.add('the project description was shortened to 10,000 characters');
  return {
    project: {
      name,
      description: clip(description, 10_000),
      coders,
      codes,
      documents,
      codings,
      completed,
      memos,
      attributeTypes,
      cases,
    },
    warnings: warnings.list(),
  };
}

/** Reads `project.qde` text in one step (parse, then read). */
export function readRefiProjectXml(
  xml: string,
  sources: RefiSources,
  options: ReadRefiOptions,
): { project: PortableProject; warnings: string[] } {
  return readRefiProject(parseRefiProject(xml), sources, options);
}
