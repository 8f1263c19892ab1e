import { combine } from './combine.ts';
import { createAgreementContext, type AgreementSetup } from './context.ts';
import { analyseDocument, type AgreementDocument } from './document.ts';
import type { AgreementInput } from './input.ts';
import type { AgreementOptionsInput } from './options.ts';
import type { AgreementReport } from './report.ts';

/** Optional callbacks of a long computation. */
export interface AgreementHooks {
  /** Called after each document is analysed. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Splits a validated input file into the codebook/coder setup and per-document data. */
export function splitInput(input: AgreementInput): { setup: AgreementSetup; documents: AgreementDocument[] } {
  const byDocument = new Map<string, AgreementDocument['codings'][number][]>();
  for (const c of input.codings) {
    let list = byDocument.get(c.document);
    if (!list) {
      list = [];
      byDocument.set(c.document, list);
    }
    list.push({ coder: c.coder, code: c.code, start: c.start, end: c.end });
  }
  const documents = input.documents.map((d): AgreementDocument => ({
    id: d.id,
    text: d.text,
    length: d.length,
    units: d.units,
    completed: input.completed ? (input.completed[d.id] ?? []) : input.coders,
    codings: byDocument.get(d.id) ?? [],
  }));
  return {
    setup: { coders: input.coders, codes: input.codes, exclusiveGroups: input.exclusiveGroups },
    documents,
  };
}

/** The full report of an input file: analyse every document, then combine. */
export function computeAgreement(
  input: AgreementInput,
  options: AgreementOptionsInput = {},
  hooks: AgreementHooks = {},
): AgreementReport {
  const { setup, documents } = splitInput(input);
  const ctx = createAgreementContext(setup, options);
  const partials = documents.map((d, i) => {
    const partial = analyseDocument(ctx, d);
    hooks.onProgress?.(i + 1, documents.length);
    return partial;
  });
  return combine(ctx, partials);
}
