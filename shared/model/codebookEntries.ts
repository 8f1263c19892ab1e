/**
 * A codebook as recorded in a version: each code with its details (definition, inclusion and
 * exclusion criteria, examples), as plain data. What codebook versions store and diffs compare.
 */
import type * as Y from 'yjs';
import type { z } from 'zod';
import { CodeSchema } from '../schemas.ts';
import { readCodebook } from './codebook.ts';
import { CodeDetailsSchema, readCodeDetails } from './codeDetails.ts';

export const CodebookEntrySchema = CodeSchema.extend(CodeDetailsSchema.shape);
export type CodebookEntry = z.infer<typeof CodebookEntrySchema>;

/** The codebook room's codes with their details, in tree order. */
export function readCodebookEntries(doc: Y.Doc): CodebookEntry[] {
  return readCodebook(doc).codes.map((code) => ({ ...code, ...readCodeDetails(doc, code.id) }));
}
