import type { AgreementInput } from '../../../shared/agreement/index.ts';
import { Rng } from '../../../shared/agreement/rng.ts';

/** Options of a random agreement input. */
export interface RandomInputOptions {
  documents: number;
  coders: number;
  codes: number;
  maxLength: number;
  codingsPerCoder: number;
  /** Probability that a coder did not complete a document. */
  missing: number;
  /** Declare the first `exclusive` codes an exclusive group (0: none). */
  exclusive?: number;
}

/**
 * A small random input with paragraphs of text, overlapping and touching codings, missing coders
 * and, optionally, an exclusive group. Seeded, so failures reproduce.
 */
export function randomInput(seed: number, o: RandomInputOptions): AgreementInput {
  const rng = new Rng(seed);
  const coders = Array.from({ length: o.coders }, (_, i) => `coder${i}`);
  const codes = Array.from({ length: o.codes }, (_, i) => ({ id: `code${i}`, name: `Code ${i}` }));
  const documents: AgreementInput['documents'] = [];
  const codings: AgreementInput['codings'] = [];
  const completed: Record<string, string[]> = {};
  for (let d = 0; d < o.documents; d++) {
    const id = `doc${d}`;
    let text = '';
    const length = 1 + rng.int(o.maxLength);
    for (let i = 0; i < length; i++) {
      const r = rng.next();
      text += r < 0.08 ? '\n' : r < 0.12 ? '. ' : r < 0.25 ? ' ' : 'abcdefgh'[rng.int(8)];
    }
    text = text.slice(0, length);
    documents.push({ id, text });
    completed[id] = coders.filter(() => rng.next() >= o.missing);
    for (const coder of coders) {
      const n = rng.int(o.codingsPerCoder + 1);
      for (let k = 0; k < n; k++) {
        const start = rng.int(length + 1);
        // Some codings touch the previous one exactly, some are empty, most are short.
        const end = Math.min(length, start + rng.int(Math.max(1, Math.floor(length / 3))));
        codings.push({ document: id, coder, code: `code${rng.int(o.codes)}`, start, end });
      }
    }
  }
  const exclusive = o.exclusive ?? 0;
  return {
    documents,
    coders,
    codes,
    codings,
    completed,
    ...(exclusive >= 2
      ? { exclusiveGroups: [{ id: 'group', codes: codes.slice(0, exclusive).map((c) => c.id) }] }
      : {}),
  };
}

/** Fisher–Yates shuffle with the given generator. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}
