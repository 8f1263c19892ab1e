/**
 * What a codebook says about a code beyond its name, colour and definition: inclusion and
 * exclusion criteria and example quotes. Kept as extra fields of the code's `Y.Map` in the
 * `codebook:<projectId>` room, so each field merges on its own and older readers ignore them.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { codesMap } from './codebook.ts';

export const CodeDetailsSchema = z.object({
  /** When to apply the code. */
  inclusion: z.string().max(10_000).catch(''),
  /** When not to, even if it looks like it. */
  exclusion: z.string().max(10_000).catch(''),
  /** Quotes that show the code well. */
  examples: z.array(z.string().max(10_000)).max(100).catch([]),
});
export type CodeDetails = z.infer<typeof CodeDetailsSchema>;

const EMPTY: CodeDetails = { inclusion: '', exclusion: '', examples: [] };

/** A code's details; missing or malformed fields read as empty. */
export function readCodeDetails(doc: Y.Doc, codeId: string): CodeDetails {
  const entry = codesMap(doc).get(codeId);
  if (!entry) return EMPTY;
  return CodeDetailsSchema.parse({
    inclusion: entry.get('inclusion') ?? '',
    exclusion: entry.get('exclusion') ?? '',
    examples: entry.get('examples') ?? [],
  });
}

/** Sets one detail of a code. */
export function setCodeDetail<K extends keyof CodeDetails>(
  doc: Y.Doc,
  codeId: string,
  key: K,
  value: CodeDetails[K],
): void {
  const parsed = CodeDetailsSchema.shape[key].parse(value);
  codesMap(doc).get(codeId)?.set(key, parsed);
}
