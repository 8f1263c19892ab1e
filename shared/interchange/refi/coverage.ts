/**
 * What the REFI-QDA project reader keeps and what it leaves out, element by element and attribute
 * by attribute of Project-mrt2019.xsd, so that nothing in a file disappears without a warning.
 *
 * Elements are named by their place, `Parent/Child` (a `Description` of a source is kept as the
 * document's memo, that of a variable is not). An element that is left out takes its whole subtree with
 * it, under one warning; an element the schema does not define is reported too. Attributes are
 * named `Element@attribute`; each kind not kept gets a warning, bookkeeping aside (who changed
 * an item last, the writing tool).
 *
 * test/unit/interchange/refiCoverage.test.ts walks the schema and fails when an element or attribute
 * a file can carry is in neither table.
 */
import type { Warnings } from '../warnings.ts';
import type { XmlElement } from '../xml.ts';
import { PDF_AREA_WARNING, timeRangeWarning } from './media.ts';

/** Elements the reader reads (maps onto Concord data), by `Parent/Child`. */
export const KEPT_ELEMENTS: ReadonlySet<string> = new Set([
  'Project/Users',
  'Project/CodeBook',
  'Project/Variables',
  'Project/Cases',
  'Project/Sources',
  'Project/Notes',
  'Project/Sets',
  'Project/Description',
  'Users/User',
  'CodeBook/Codes',
  'Codes/Code',
  'Code/Description',
  'Code/Code',
  'Cases/Case',
  'Case/Description',
  'Case/VariableValue',
  'Case/SourceRef',
  'Variables/Variable',
  'VariableValue/VariableRef',
  'VariableValue/TextValue',
  'VariableValue/BooleanValue',
  'VariableValue/IntegerValue',
  'VariableValue/FloatValue',
  'VariableValue/DateValue',
  'VariableValue/DateTimeValue',
  'Sets/Set',
  'Set/Description',
  'Set/MemberSource',
  'Set/MemberCode',
  'Sources/TextSource',
  'TextSource/Description',
  'TextSource/PlainTextContent',
  'TextSource/PlainTextSelection',
  'TextSource/Coding',
  'TextSource/NoteRef',
  'TextSource/VariableValue',
  'PlainTextSelection/Description',
  'PlainTextSelection/Coding',
  'PlainTextSelection/NoteRef',
  'Coding/CodeRef',
  'Coding/NoteRef',
  'Notes/Note',
  'Note/PlainTextContent',
  // Notes on the project, sources and codes are memos (notes.ts); a note's Description carries the
  // memo kind Concord wrote, any other is warned about by the reader.
  'Project/NoteRef',
  'Code/NoteRef',
  'Note/Description',
  // PDFs and recordings are read through their text (media.ts): a PDF's Representation, a
  // recording's Transcript with its SyncPoints (the timeline) and TranscriptSelections.
  'Sources/PDFSource',
  'Sources/AudioSource',
  'Sources/VideoSource',
  'PDFSource/Description',
  'PDFSource/Representation',
  'PDFSource/Coding',
  'PDFSource/NoteRef',
  'PDFSource/VariableValue',
  'Representation/PlainTextContent',
  'Representation/PlainTextSelection',
  'Representation/Coding',
  'AudioSource/Description',
  'AudioSource/Transcript',
  'AudioSource/Coding',
  'AudioSource/NoteRef',
  'AudioSource/VariableValue',
  'VideoSource/Description',
  'VideoSource/Transcript',
  'VideoSource/Coding',
  'VideoSource/NoteRef',
  'VideoSource/VariableValue',
  'Transcript/PlainTextContent',
  'Transcript/SyncPoint',
  'Transcript/TranscriptSelection',
  'TranscriptSelection/Description',
  'TranscriptSelection/Coding',
  'TranscriptSelection/NoteRef',
]);

/**
 * Elements left out, by `Parent/Child`, with the warning that names them. `byReader`: the reader
 * itself warns (it needs to look inside), so the walk does not warn again.
 */
export const DROPPED_ELEMENTS: Readonly<Record<string, { warning: string; byReader?: true }>> = {
  'Project/Links': { warning: '<Links> between items were left out (Concord does not hold them)' },
  'Project/Graphs': { warning: '<Graphs> were left out (Concord does not hold them)' },
  'Case/CodeRef': { warning: '<CodeRef> codes applied to whole cases were left out' },
  'Case/SelectionRef': { warning: '<SelectionRef> selections assigned to cases were left out' },
  'Variable/Description': { warning: '<Description> of variables were left out' },
  'Set/MemberNote': { warning: '<MemberNote> notes in sets were left out' },
  'Sources/PictureSource': { warning: '<PictureSource> picture sources were left out (Concord holds text)' },
  // A PDF selection is read when it carries the text it selects; the reader warns about the rest.
  'PDFSource/PDFSelection': { warning: PDF_AREA_WARNING, byReader: true },
  'Representation/Description': { warning: '<Description> of PDF text representations were left out' },
  'Representation/NoteRef': { warning: '<NoteRef> notes on PDF text representations were left out' },
  'Representation/VariableValue': {
    warning: '<VariableValue> variable values of PDF text representations were left out',
  },
  // Time ranges are placed on the transcript where its cues cover them; the reader warns about the rest.
  'AudioSource/AudioSelection': { warning: timeRangeWarning('AudioSelection'), byReader: true },
  'VideoSource/VideoSelection': { warning: timeRangeWarning('VideoSelection'), byReader: true },
  'Transcript/Description': { warning: '<Description> of transcripts were left out' },
  'Transcript/NoteRef': { warning: '<NoteRef> notes on transcripts were left out' },
  'Note/PlainTextSelection': { warning: '<PlainTextSelection> selections in notes were left out' },
  'Note/Coding': { warning: '<Coding> codings of notes were left out' },
  'Note/NoteRef': { warning: '<NoteRef> notes on notes were left out' },
  'Note/VariableValue': { warning: '<VariableValue> variable values of notes were left out' },
};

/** Attributes the reader reads, by `Element@attribute`. */
export const KEPT_ATTRIBUTES: ReadonlySet<string> = new Set([
  'Project@name',
  'User@guid',
  'User@name',
  'User@id',
  'Code@guid',
  'Code@name',
  'Code@color',
  'Case@guid',
  'Case@name',
  'Variable@guid',
  'Variable@name',
  'Variable@typeOfVariable',
  'Set@guid',
  'Set@name',
  'TextSource@guid',
  'TextSource@name',
  'TextSource@plainTextPath',
  'TextSource@creatingUser',
  'TextSource@creationDateTime',
  'PlainTextSelection@guid',
  'PlainTextSelection@startPosition',
  'PlainTextSelection@endPosition',
  'PlainTextSelection@creatingUser',
  'PlainTextSelection@creationDateTime',
  'Coding@guid',
  'Coding@creatingUser',
  'Coding@creationDateTime',
  'Note@guid',
  'Note@name',
  'Note@plainTextPath',
  // A memo's author and dates.
  'Note@creatingUser',
  'Note@creationDateTime',
  'Note@modifiedDateTime',
  'NoteRef@targetGUID',
  'CodeRef@targetGUID',
  'SourceRef@targetGUID',
  'VariableRef@targetGUID',
  'MemberSource@targetGUID',
  'MemberCode@targetGUID',
  // PDFs and recordings: the file in the archive, and what maps their text to pages and times.
  ...['PDFSource', 'AudioSource', 'VideoSource'].flatMap((e) =>
    ['guid', 'name', 'path', 'creatingUser', 'creationDateTime'].map((a) => `${e}@${a}`),
  ),
  'Representation@plainTextPath',
  'Transcript@plainTextPath',
  'SyncPoint@guid',
  'SyncPoint@timeStamp',
  'SyncPoint@position',
  'TranscriptSelection@guid',
  'TranscriptSelection@fromSyncPoint',
  'TranscriptSelection@toSyncPoint',
  'TranscriptSelection@creatingUser',
  'TranscriptSelection@creationDateTime',
]);

/**
 * Bookkeeping attributes: who last changed an item and when, which tool wrote the file. They carry
 * nothing a researcher reads or analyses, Concord keeps its own record of changes, so they are
 * left out without a warning.
 */
export const BOOKKEEPING_ATTRIBUTES: ReadonlySet<string> = new Set([
  'Project@origin',
  'Project@creatingUserGUID',
  'Project@creationDateTime',
  'Project@modifyingUserGUID',
  'Project@modifiedDateTime',
  'Project@basePath',
  'TextSource@modifyingUser',
  'TextSource@modifiedDateTime',
  'PlainTextSelection@modifyingUser',
  'PlainTextSelection@modifiedDateTime',
  'Note@modifyingUser',
  ...['PDFSource', 'AudioSource', 'VideoSource', 'TranscriptSelection'].flatMap((e) => [
    `${e}@modifyingUser`,
    `${e}@modifiedDateTime`,
  ]),
  // A PDF's text representation and a transcript are read as part of their source, whose own
  // identity, author and date are kept.
  ...['Representation', 'Transcript'].flatMap((e) =>
    ['guid', 'creatingUser', 'creationDateTime', 'modifyingUser', 'modifiedDateTime'].map((a) => `${e}@${a}`),
  ),
]);

/**
 * Attributes whose usual value says nothing Concord loses (every code can be applied; values are
 * kept as text); any other value is warned about.
 */
export const DEFAULT_VALUED_ATTRIBUTES: Readonly<Record<string, string>> = {
  'Code@isCodable': 'true',
};

/** Attributes the schema allows on kept elements that Concord leaves out with a warning. */
export const DROPPED_ATTRIBUTES: ReadonlySet<string> = new Set([
  'Code@isCodable',
  'TextSource@richTextPath',
  'PlainTextSelection@name',
  'Note@richTextPath',
  // Where the writing tool found a file on its own disk: Concord reads files in the archive only.
  'PDFSource@currentPath',
  'AudioSource@currentPath',
  'VideoSource@currentPath',
  'Representation@name',
  'Representation@richTextPath',
  'Transcript@name',
  'Transcript@richTextPath',
  'TranscriptSelection@name',
]);

const UNKNOWN_ELEMENTS = 'elements the REFI-QDA schema does not define were left out';

/** Namespace declarations and other prefixed attributes are not content. */
const isContent = (attribute: string) => attribute !== 'xmlns' && !attribute.includes(':');

/**
 * Walks a parsed project and warns about every element and attribute that is left out: one warning
 * per kind of element (its subtree goes with it) and one per kind of attribute.
 */
export function warnLeftOut(root: XmlElement, warnings: Warnings): void {
  const visit = (element: XmlElement) => {
    for (const attribute of Object.keys(element.attributes).filter(isContent)) {
      const key = `${element.name}@${attribute}`;
      if (KEPT_ATTRIBUTES.has(key) || BOOKKEEPING_ATTRIBUTES.has(key)) continue;
      if (DEFAULT_VALUED_ATTRIBUTES[key] === element.attributes[attribute]?.trim()) continue;
      warnings.add(`${key} attributes were left out`);
    }
    for (const child of element.children) {
      const pair = `${element.name}/${child.name}`;
      if (KEPT_ELEMENTS.has(pair)) {
        visit(child);
        continue;
      }
      const dropped = DROPPED_ELEMENTS[pair];
      const label = child.attributes.name ?? element.attributes.name ?? child.attributes.guid;
      if (dropped === undefined) warnings.add(UNKNOWN_ELEMENTS, `<${child.name}> in <${element.name}>`);
      else if (!dropped.byReader) warnings.add(dropped.warning, label);
    }
  };
  visit(root);
}
