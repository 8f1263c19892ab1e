/**
 * Splitting documents between coders for single coding (after the reliability rounds): every
 * document goes to exactly one coder, and no coder gets more than one document more than another.
 * Reproducible like sampling (see sample.ts): documents sorted by id, shuffled by Fisher–Yates
 * with the project's PRNG seeded with `seed`, then dealt in turn to the coders in the order given.
 * The first `documents mod coders` coders in that order get the extra document.
 */
import { Rng } from '../agreement/rng.ts';
import { byCodeUnits, shuffle } from './sample.ts';

/** One document's coders. */
export interface Assignment {
  documentId: string;
  coders: string[];
}

/**
 * Deals `documents` to `coders` (duplicates ignored) evenly; returns one assignment per document,
 * in document id order. Throws a RangeError when there are documents but no coders.
 */
export function splitDocuments(
  documents: readonly string[],
  coders: readonly string[],
  seed: number,
): Assignment[] {
  if (!Number.isSafeInteger(seed)) throw new RangeError('a split seed is an integer');
  const people = [...new Set(coders)];
  const ids = [...new Set(documents)].sort(byCodeUnits);
  if (ids.length > 0 && people.length === 0) throw new RangeError('documents need at least one coder');
  const dealt = shuffle(ids, new Rng(seed)).map((documentId, i) => ({
    documentId,
    coders: [people[i % people.length]!],
  }));
  return dealt.sort((a, b) => byCodeUnits(a.documentId, b.documentId));
}
