import { z } from 'zod';
import { codePointLength } from '../model/codePoints.ts';

const Id = z.string().min(1);
const Position = z.number().int().nonnegative();

/** A document: positions are Unicode code points; `text` or `length` is required. */
export const AgreementDocumentInputSchema = z.object({
  id: Id,
  text: z.string().optional(),
  length: Position.optional(),
  /** Explicit units of analysis for `--segments given`: half-open [start, end) pairs. */
  units: z.array(z.tuple([Position, Position])).optional(),
});
/** A document of the input file. */
export type AgreementDocumentInput = z.infer<typeof AgreementDocumentInputSchema>;

/** A code of the codebook. */
export const AgreementCodeInputSchema = z.object({
  id: Id,
  name: z.string(),
  parent: Id.optional(),
});
/** A code of the input file. */
export type AgreementCodeInput = z.infer<typeof AgreementCodeInputSchema>;

/** One coder's application of one code to [start, end) of one document. */
export const AgreementCodingInputSchema = z.object({
  document: Id,
  coder: Id,
  code: Id,
  start: Position,
  end: Position,
});
/** A coding of the input file. */
export type AgreementCodingInput = z.infer<typeof AgreementCodingInputSchema>;

/** Codes of which each coder applies at most one per unit (a multi-category variable). */
export const ExclusiveGroupInputSchema = z.object({
  id: Id,
  name: z.string().optional(),
  codes: z.array(Id).min(2),
});
/** An exclusive code group of the input file. */
export type ExclusiveGroupInput = z.infer<typeof ExclusiveGroupInputSchema>;

const AgreementInputShape = z.object({
  documents: z.array(AgreementDocumentInputSchema),
  coders: z.array(Id.refine((id) => !id.includes('|'), 'coder ids may not contain "|" (used in pair keys)')),
  codes: z.array(AgreementCodeInputSchema),
  exclusiveGroups: z.array(ExclusiveGroupInputSchema).optional(),
  codings: z.array(AgreementCodingInputSchema),
  /** Document id → coders who completed it. Absent: every coder completed every document. */
  completed: z.record(z.string(), z.array(Id)).optional(),
});

type Shape = z.infer<typeof AgreementInputShape>;

function duplicates(ids: readonly string[]): Map<string, number> {
  const seen = new Set<string>();
  const dup = new Map<string, number>();
  ids.forEach((id, i) => {
    if (seen.has(id) && !dup.has(id)) dup.set(id, i);
    seen.add(id);
  });
  return dup;
}

/** Cross-reference checks zod's shape cannot express; each issue carries the offending path. */
function checkReferences(input: Shape, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string): void => {
    ctx.addIssue({ code: 'custom', path, message });
  };
  for (const [key, list] of [
    ['documents', input.documents.map((d) => d.id)],
    ['coders', input.coders],
    ['codes', input.codes.map((c) => c.id)],
    ['exclusiveGroups', (input.exclusiveGroups ?? []).map((g) => g.id)],
  ] as const) {
    for (const [id, i] of duplicates(list)) issue([key, i], `duplicate id '${id}'`);
  }
  const coders = new Set(input.coders);
  const documentIds = new Set(input.documents.map((d) => d.id));
  const codes = new Map(input.codes.map((c) => [c.id, c]));
  const lengths = new Map<string, number>();
  input.documents.forEach((d, i) => {
    const fromText = d.text === undefined ? undefined : codePointLength(d.text);
    if (d.length === undefined && fromText === undefined) {
      issue(['documents', i], `document '${d.id}' needs "text" or "length"`);
    }
    if (d.length !== undefined && fromText !== undefined && d.length !== fromText) {
      issue(['documents', i, 'length'], `length ${d.length} differs from the text's ${fromText} code points`);
    }
    const length = d.length ?? fromText;
    if (length !== undefined) lengths.set(d.id, length);
    d.units?.forEach(([start, end], u) => {
      if (start >= end) issue(['documents', i, 'units', u], `unit [${start}, ${end}) is empty or reversed`);
      if (length !== undefined && end > length) {
        issue(['documents', i, 'units', u], `unit ends at ${end}, after the document's length ${length}`);
      }
    });
  });
  input.codes.forEach((c, i) => {
    if (c.parent === undefined) return;
    if (!codes.has(c.parent)) issue(['codes', i, 'parent'], `unknown parent code '${c.parent}'`);
    // Walk up the hierarchy; revisiting a code means a cycle.
    const seen = new Set<string>([c.id]);
    for (let p = codes.get(c.parent); p; p = p.parent === undefined ? undefined : codes.get(p.parent)) {
      if (seen.has(p.id)) {
        issue(['codes', i, 'parent'], `code '${c.id}' is its own ancestor`);
        break;
      }
      seen.add(p.id);
    }
  });
  input.exclusiveGroups?.forEach((g, i) => {
    g.codes.forEach((code, j) => {
      if (!codes.has(code)) issue(['exclusiveGroups', i, 'codes', j], `unknown code '${code}'`);
    });
    for (const [code, j] of duplicates(g.codes))
      issue(['exclusiveGroups', i, 'codes', j], `code '${code}' listed twice`);
  });
  input.codings.forEach((c, i) => {
    if (!documentIds.has(c.document)) issue(['codings', i, 'document'], `unknown document '${c.document}'`);
    if (!coders.has(c.coder)) issue(['codings', i, 'coder'], `unknown coder '${c.coder}'`);
    if (!codes.has(c.code)) issue(['codings', i, 'code'], `unknown code '${c.code}'`);
    if (c.start > c.end) issue(['codings', i, 'start'], `start ${c.start} is after end ${c.end}`);
    const length = lengths.get(c.document);
    if (length !== undefined && c.end > length) {
      issue(['codings', i, 'end'], `end ${c.end} is after the length ${length} of document '${c.document}'`);
    }
  });
  for (const [doc, list] of Object.entries(input.completed ?? {})) {
    if (!documentIds.has(doc)) issue(['completed', doc], `unknown document '${doc}'`);
    list.forEach((coder, j) => {
      if (!coders.has(coder)) issue(['completed', doc, j], `unknown coder '${coder}'`);
    });
  }
}

/**
 * The agreement input file (`concord agreement file.json`): documents, coders, codebook, codings
 * and who completed which document. Positions are Unicode code points, half-open.
 */
export const AgreementInputSchema = AgreementInputShape.superRefine(checkReferences);
/** A validated agreement input. */
export type AgreementInput = z.infer<typeof AgreementInputSchema>;
