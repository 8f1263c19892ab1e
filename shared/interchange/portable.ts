/**
 * A whole project as plain data: what an import builds and validates before writing anything,
 * and what exports are rendered from. Keys are the exchange file's own identifiers (REFI GUIDs,
 * or Concord ids on export); positions are Unicode code points, half-open.
 */
import { z } from 'zod';
import { CodePointIndex } from '../model/codePoints.ts';
import { checkMemoReferences, PortableMemoSchema } from './portableMemos.ts';
import { ATTRIBUTE_TYPES } from '../model/attributeTypes.ts';
import { CueSchema, Sha256Schema } from '../sources.ts';

const Key = z.string().min(1).max(200);

/** Someone whose codings form a layer; `consensus` marks the reviewers' consensus layer. */
export const PortableCoderSchema = z.object({
  key: Key,
  name: z.string().min(1).max(200),
  /** The identifier the originating tool gave (REFI `User@id`); Concord writes its user id there. */
  externalId: z.string().nullable(),
  consensus: z.boolean(),
});
export type PortableCoder = z.infer<typeof PortableCoderSchema>;

/** A code or theme; siblings keep their order in the array. */
export const PortableCodeSchema = z.object({
  key: Key,
  name: z.string().min(1).max(200),
  parent: Key.nullable(),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  description: z.string().max(10_000),
  /** Code groups it belongs to (REFI `Set`s of codes), by name; absent means none. */
  groups: z.array(z.string().min(1).max(200)).optional(),
});
export type PortableCode = z.infer<typeof PortableCodeSchema>;

/**
 * The original file of a PDF document or a recording (docs/sources.md). An import carries the
 * file's bytes in `data` (read from a `.qdpx` archive's `sources/`), to be put in the BlobStore
 * before the document is written; an export names the kept file by `sha256` instead, read from
 * the BlobStore as the archive is written.
 */
export const PortableSourceSchema = z.object({
  kind: z.enum(['pdf', 'audio', 'video']),
  /** The name the file is known by (`interview.mp3`); its extension says its format. */
  fileName: z.string().min(1).max(500),
  mediaType: z.string().min(1).max(200),
  /** The file itself, on import. */
  data: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'the file as bytes').optional(),
  /** The kept file (SHA-256, lower-case hex), on export. */
  sha256: Sha256Schema.optional(),
  /** Its size in bytes, when known. */
  bytes: z.number().int().nonnegative().optional(),
});
export type PortableSource = z.infer<typeof PortableSourceSchema>;

/** A transcript and its attributes. */
export const PortableDocumentSchema = z.object({
  key: Key,
  title: z.string().min(1).max(500),
  text: z.string().max(5_000_000, 'a transcript holds at most 5,000,000 characters'),
  attributes: z.record(z.string(), z.string()),
  createdAt: z.string().nullable(),
  /** The PDF or recording the text belongs to; absent for typed text. */
  source: PortableSourceSchema.optional(),
  /** Each page's `[start, end)` of a PDF's text, in code points, in page order; absent: unknown. */
  pages: z
    .array(z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() }))
    .optional(),
  /** The timeline of a timed transcript (code points of `text`, milliseconds), ordered by start. */
  cues: z.array(CueSchema).optional(),
});
export type PortableDocument = z.infer<typeof PortableDocumentSchema>;

/** One coder's application of one code to [start, end) of one document. */
export const PortableCodingSchema = z.object({
  key: Key,
  document: Key,
  coder: Key,
  code: Key,
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
  memo: z.string().max(100_000),
  createdAt: z.string(),
});
export type PortableCoding = z.infer<typeof PortableCodingSchema>;

/** A case (participant, site, …): a named group of documents, by key. */
export const PortableCaseSchema = z.object({
  key: Key,
  name: z.string().min(1).max(200),
  description: z.string().max(10_000),
  documents: z.array(Key),
});
export type PortableCase = z.infer<typeof PortableCaseSchema>;

/** An attribute's declared type; attributes not listed are text (see `shared/model/attributeTypes.ts`). */
export const PortableAttributeTypeSchema = z.object({
  name: z.string().min(1).max(100),
  type: z.enum(ATTRIBUTE_TYPES),
});

const PortableProjectShape = z.object({
  name: z.string().min(1).max(200),
  description: z.string().max(10_000),
  coders: z.array(PortableCoderSchema),
  codes: z.array(PortableCodeSchema),
  documents: z.array(PortableDocumentSchema),
  codings: z.array(PortableCodingSchema),
  /** Document key → keys of the coders who completed it; null when the source does not say. */
  completed: z.record(z.string(), z.array(Key)).nullable(),
  /** Project, document and code memos (REFI notes); absent: none. */
  memos: z.array(PortableMemoSchema).optional(),
  /** Typed attributes (absent: every attribute is text). */
  attributeTypes: z.array(PortableAttributeTypeSchema).optional(),
  /** Cases (absent: none). */
  cases: z.array(PortableCaseSchema).optional(),
});

type Shape = z.infer<typeof PortableProjectShape>;

/** Cross-references zod's shape cannot express; each issue names the offending path. */
function checkReferences(project: Shape, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  for (const [list, keys] of [
    ['coders', project.coders.map((c) => c.key)],
    ['codes', project.codes.map((c) => c.key)],
    ['documents', project.documents.map((d) => d.key)],
    ['codings', project.codings.map((c) => c.key)],
  ] as const) {
    const seen = new Set<string>();
    keys.forEach((key, i) => {
      if (seen.has(key)) issue([list, i, 'key'], `duplicate key '${key}'`);
      seen.add(key);
    });
  }
  if (project.coders.filter((c) => c.consensus).length > 1)
    issue(['coders'], 'more than one consensus layer');
  const codes = new Map(project.codes.map((c) => [c.key, c]));
  project.codes.forEach((code, i) => {
    if (code.parent === null) return;
    if (!codes.has(code.parent)) issue(['codes', i, 'parent'], `unknown parent code '${code.parent}'`);
    const seen = new Set([code.key]);
    for (let p = codes.get(code.parent); p; p = p.parent === null ? undefined : codes.get(p.parent)) {
      if (seen.has(p.key)) {
        issue(['codes', i, 'parent'], `code '${code.key}' is its own ancestor`);
        break;
      }
      seen.add(p.key);
    }
  });
  const coders = new Set(project.coders.map((c) => c.key));
  const lengths = new Map(project.documents.map((d) => [d.key, new CodePointIndex(d.text).length]));
  project.documents.forEach((d, i) => {
    const length = lengths.get(d.key)!;
    d.pages?.forEach((span, j) => {
      if (span.start > span.end || span.end > length)
        issue(
          ['documents', i, 'pages', j],
          `span [${span.start}, ${span.end}) is not within the text (${length})`,
        );
    });
    // A cue holds at least one code point: it is anchored on its first and last characters.
    d.cues?.forEach((cue, j) => {
      if (cue.start >= cue.end || cue.end > length)
        issue(
          ['documents', i, 'cues', j],
          `cue [${cue.start}, ${cue.end}) is empty or outside the document's ${length} code points`,
        );
      if (cue.endMs < cue.startMs)
        issue(['documents', i, 'cues', j], `cue ends (${cue.endMs} ms) before it starts (${cue.startMs} ms)`);
    });
  });
  project.codings.forEach((c, i) => {
    const length = lengths.get(c.document);
    if (length === undefined) issue(['codings', i, 'document'], `unknown document '${c.document}'`);
    if (!coders.has(c.coder)) issue(['codings', i, 'coder'], `unknown coder '${c.coder}'`);
    if (!codes.has(c.code)) issue(['codings', i, 'code'], `unknown code '${c.code}'`);
    if (c.start >= c.end) issue(['codings', i, 'start'], `span [${c.start}, ${c.end}) is empty or reversed`);
    if (length !== undefined && c.end > length) {
      issue(['codings', i, 'end'], `end ${c.end} is after the document's length ${length}`);
    }
  });
  for (const [document, list] of Object.entries(project.completed ?? {})) {
    if (!lengths.has(document)) issue(['completed', document], `unknown document '${document}'`);
    list.forEach((coder, j) => {
      if (!coders.has(coder)) issue(['completed', document, j], `unknown coder '${coder}'`);
    });
  }
}

/** A whole project as plain, validated data. */
export const PortableProjectSchema = PortableProjectShape.superRefine(checkReferences)
  .superRefine(checkMemoReferences)
  .superRefine(checkCases);

/** Cases name known documents; each type is declared once. */
function checkCases(project: Shape, ctx: z.RefinementCtx): void {
  const documents = new Set(project.documents.map((d) => d.key));
  project.cases?.forEach((c, i) => {
    c.documents.forEach((d, j) => {
      if (!documents.has(d))
        ctx.addIssue({
          code: 'custom',
          path: ['cases', i, 'documents', j],
          message: `unknown document '${d}'`,
        });
    });
  });
  const names = new Set<string>();
  project.attributeTypes?.forEach((t, i) => {
    if (names.has(t.name))
      ctx.addIssue({
        code: 'custom',
        path: ['attributeTypes', i, 'name'],
        message: `'${t.name}' is typed twice`,
      });
    names.add(t.name);
  });
}
export type PortableProject = z.infer<typeof PortableProjectSchema>;

/** A fixed palette for codes that arrive without a colour (ColorBrewer Set2 and Dark2, alternating). */
export const DEFAULT_CODE_COLORS = [
  '#66c2a5',
  '#1b9e77',
  '#fc8d62',
  '#d95f02',
  '#8da0cb',
  '#7570b3',
  '#e78ac3',
  '#e7298a',
  '#a6d854',
  '#66a61e',
  '#ffd92f',
  '#e6ab02',
] as const;
