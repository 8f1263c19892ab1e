/**
 * Writes plain project data as a REFI-QDA project: `project.qde` (valid against
 * Project-mrt2019.xsd) and the transcripts as UTF-8 files for the archive's `sources/` folder.
 *
 * Each coder is a `User` (the consensus layer too, with `id="consensus"`); a coder's codings of
 * one span share a `PlainTextSelection` whose `Coding`s carry `creatingUser`; memos are `Note`s
 * referenced from their `Coding`; document attributes are `Variable`s of their types with a
 * value on each source, cases are `Case`s with a `SourceRef` per document (variables.ts); project,
 * document and code memos are `Note`s referenced from the project, their sources and their codes
 * (notes.ts); code groups are `Set`s of `MemberCode`s; who completed which document is one `Set` per coder (see `COMPLETED_SET_MARK`), as
 * `completionOf` (raters.ts) decides. A document with an original file is a `PDFSource` or an
 * `AudioSource`/`VideoSource` instead of a `TextSource` (writeMedia.ts), its file listed in `media`.
 */
import type { PortableCoding, PortableProject } from '../portable.ts';
import { completionOf } from '../raters.ts';
import { renderXml, type XmlOut } from '../xml.ts';
import { writeRefiCodes } from './codebook.ts';
import { isCanonicalGuid } from './guid.ts';
import { writeMemoNotes } from './notes.ts';
import { variableTypes, writeCases, writeVariableValue } from './variables.ts';
import {
  plainTextSelection,
  writeMediaSource,
  type RefiMediaFile,
  type SpanSelection,
} from './writeMedia.ts';
import { COMPLETED_SET_MARK, CONSENSUS_USER_ID, PROJECT_NAMESPACE } from './readProject.ts';

/** What carries a GUID in the file. */
export type RefiEntity =
  'user' | 'code' | 'source' | 'selection' | 'coding' | 'note' | 'variable' | 'set' | 'case' | 'syncpoint';

export interface WriteRefiOptions {
  /**
   * A GUID for an entity that has none yet: the same kind and key must give the same GUID, so
   * exporting twice gives the same file and desktop tools recognise what they saw before.
   */
  guid: (kind: RefiEntity, key: string) => string;
  /** The `origin` attribute: the writing software and its version. */
  origin: string;
  /** When the file is written (ISO 8601). */
  now: string;
}

/** A file of the archive's `sources/` folder. */
export interface RefiSourceFile {
  /** The name after `internal://`, also the file name inside `sources/`. */
  name: string;
  text: string;
}

const isoDateTime = (value: string | null | undefined): string | undefined =>
  value && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)) ? value : undefined;

/**
 * Writes `project.qde`, the text files and the list of original files (PDFs, recordings) for the
 * archive's `sources/` folder; the original files are read from where they are kept by the caller.
 */
export function writeRefiProject(
  project: PortableProject,
  options: WriteRefiOptions,
): { qde: string; sources: RefiSourceFile[]; media: RefiMediaFile[] } {
  // Users, codes, sources and codings that came from a REFI file keep their GUIDs as keys; what
  // Concord has no entity for (selections, notes, variables, sets) always gets a derived one.
  const OWN: ReadonlySet<RefiEntity> = new Set(['user', 'code', 'source', 'coding']);
  const guids = new Map<string, string>();
  const guid = (kind: RefiEntity, key: string): string => {
    const id = `${kind}:${key}`;
    let value = guids.get(id);
    if (value === undefined) {
      value = OWN.has(kind) && isCanonicalGuid(key) ? key : options.guid(kind, key);
      guids.set(id, value);
    }
    return value;
  };
  const userGuid = (key: string) => guid('user', key);

  const users: XmlOut[] = project.coders.map((coder) => ({
    name: 'User',
    attributes: {
      guid: userGuid(coder.key),
      name: coder.name,
      id: coder.consensus ? CONSENSUS_USER_ID : (coder.externalId ?? undefined),
    },
  }));

  // Variables with their types, values in their type's element (variables.ts).
  const types = variableTypes(project);
  const variables: XmlOut[] = [...types].map(([name, typeOfVariable]) => ({
    name: 'Variable',
    attributes: { guid: guid('variable', name), name, typeOfVariable },
  }));

  const notes: XmlOut[] = [];
  const memoNotes = writeMemoNotes(
    project.memos ?? [],
    {
      note: (key) => guid('note', `memo:${key}`),
      user: userGuid,
      documents: new Set(project.documents.map((d) => d.key)),
      codes: new Set(project.codes.map((c) => c.key)),
    },
    isoDateTime,
  );
  const noteRefs = (guids: readonly string[] | undefined): XmlOut[] =>
    (guids ?? []).map((target) => ({ name: 'NoteRef', attributes: { targetGUID: target } }));
  const byDocument = new Map<string, PortableCoding[]>();
  for (const coding of project.codings) {
    byDocument.set(coding.document, [...(byDocument.get(coding.document) ?? []), coding]);
  }
  const files: RefiSourceFile[] = [];
  const media: RefiMediaFile[] = [];
  const sources: XmlOut[] = project.documents.map((document) => {
    const sourceGuid = guid('source', document.key);
    const file = `${sourceGuid}.txt`;
    files.push({ name: file, text: document.text });
    // One selection per coder and span, holding each code that coder applied to it.
    const selections = new Map<string, PortableCoding[]>();
    const codings = [...(byDocument.get(document.key) ?? [])].sort(
      (a, b) => a.start - b.start || a.end - b.end || a.coder.localeCompare(b.coder),
    );
    for (const coding of codings) {
      const key = `${coding.coder}|${coding.start}|${coding.end}`;
      selections.set(key, [...(selections.get(key) ?? []), coding]);
    }
    const spans: SpanSelection[] = [...selections.values()].map((group) => {
      const first = group[0]!;
      const created = group.map((c) => c.createdAt).sort()[0];
      return {
        start: first.start,
        end: first.end,
        guid: guid('selection', first.key),
        creatingUser: userGuid(first.coder),
        creationDateTime: isoDateTime(created),
        children: group.map((coding) => {
          const children: XmlOut[] = [
            { name: 'CodeRef', attributes: { targetGUID: guid('code', coding.code) } },
          ];
          if (coding.memo !== '') {
            const noteGuid = guid('note', coding.key);
            notes.push({
              name: 'Note',
              attributes: {
                guid: noteGuid,
                name: 'Memo',
                creatingUser: userGuid(coding.coder),
                creationDateTime: isoDateTime(coding.createdAt),
              },
              children: [{ name: 'PlainTextContent', text: coding.memo }],
            });
            children.push({ name: 'NoteRef', attributes: { targetGUID: noteGuid } });
          }
          return {
            name: 'Coding',
            attributes: {
              guid: guid('coding', coding.key),
              creatingUser: userGuid(coding.coder),
              creationDateTime: isoDateTime(coding.createdAt),
            },
            children,
          };
        }),
      };
    });
    const values: XmlOut[] = Object.entries(document.attributes).flatMap(([name, value]) => {
      const element = writeVariableValue(guid('variable', name), types.get(name) ?? 'Text', value);
      return element ? [element] : [];
    });
    const trailing = [...noteRefs(memoNotes.documents.get(document.key)), ...values];
    if (document.source) {
      const written = writeMediaSource(
        { ...document, source: document.source },
        {
          sourceGuid,
          textGuid: guid('source', `${document.key}#text`),
          textFile: file,
          selections: spans,
          trailing,
          creationDateTime: isoDateTime(document.createdAt),
          syncPointGuid: (position, time) => guid('syncpoint', `${document.key}:${position}:${time ?? ''}`),
        },
      );
      if (written.file) media.push(written.file);
      return written.element;
    }
    const selectionElements: XmlOut[] = spans.map(plainTextSelection);
    return {
      name: 'TextSource',
      attributes: {
        guid: sourceGuid,
        name: document.title,
        plainTextPath: `internal://${file}`,
        creationDateTime: isoDateTime(document.createdAt),
      },
      children: [...selectionElements, ...trailing],
    };
  });

  // Completion is always written, one set per coder (empty ones too), so that reading the file
  // back finds a record and takes the same raters (see raters.ts) rather than deriving them.
  const completed = completionOf(project);
  const sets: XmlOut[] = project.coders.map((coder): XmlOut => ({
    name: 'Set',
    attributes: { guid: guid('set', coder.key), name: `Completed by ${coder.name}` },
    children: [
      { name: 'Description', text: `${COMPLETED_SET_MARK}${userGuid(coder.key)}` },
      ...project.documents
        .filter((d) => completed[d.key]?.includes(coder.key))
        .map((d) => ({ name: 'MemberSource', attributes: { targetGUID: guid('source', d.key) } })),
    ],
  }));

  // Code groups: one set per group name, its members the codes in it.
  const groupNames = [...new Set(project.codes.flatMap((c) => c.groups ?? []))];
  for (const group of groupNames) {
    sets.push({
      name: 'Set',
      attributes: { guid: guid('set', `code-group:${group}`), name: group },
      children: project.codes
        .filter((c) => c.groups?.includes(group))
        .map((c) => ({ name: 'MemberCode', attributes: { targetGUID: guid('code', c.key) } })),
    });
  }

  // Collections the schema requires to be non-empty are left out when there is nothing in them.
  const collection = (name: string, items: XmlOut[]): XmlOut[] =>
    items.length > 0 ? [{ name, children: items }] : [];
  const qde = renderXml({
    name: 'Project',
    attributes: {
      xmlns: PROJECT_NAMESPACE,
      name: project.name,
      origin: options.origin,
      modifiedDateTime: isoDateTime(options.now),
    },
    children: [
      ...collection('Users', users),
      ...(project.codes.length > 0
        ? [
            {
              name: 'CodeBook',
              children: [
                {
                  name: 'Codes',
                  children: writeRefiCodes(
                    project.codes,
                    (k) => guid('code', k),
                    (k) => memoNotes.codes.get(k) ?? [],
                  ),
                },
              ],
            },
          ]
        : []),
      ...collection('Variables', variables),
      ...collection('Cases', writeCases(project.cases ?? [], guid)),
      ...collection('Sources', sources),
      ...collection('Notes', [...notes, ...memoNotes.notes]),
      ...collection('Sets', sets),
      ...(project.description === '' ? [] : [{ name: 'Description', text: project.description }]),
      ...noteRefs(memoNotes.project),
    ],
  });
  return { qde, sources: files, media };
}
