/**
 * Plain project data (for example a .qdpx from another tool) as an agreement input file, the
 * shape `concord agreement` reads.
 */
import type { AgreementInput } from '../agreement/index.ts';
import type { PortableProject } from './portable.ts';
import { agreementCoders, ratersByDocument } from './raters.ts';

/**
 * Converts a project to agreement input.
 * - Coders: `agreementCoders` (everyone but the consensus layer who coded something or rates a
 *   document); shown by name (made unique; `|` is reserved for pair keys).
 * - Codes: every leaf of the codebook and any other code someone applied (themes are not
 *   variables unless coded), as the server's agreement does.
 * - Completion: always explicit, from `ratersByDocument` (see raters.ts for the rule), so the CLI
 *   counts the same raters as the server after importing the file.
 */
export function toAgreementInput(project: PortableProject): AgreementInput {
  const taking = new Set(agreementCoders(project));
  const coders = project.coders.filter((c) => taking.has(c.key));
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const coder of coders) {
    const base = coder.name.replace(/\|/g, '/').trim() || coder.key;
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base} (${n})`;
    taken.add(id);
    ids.set(coder.key, id);
  }

  const parents = new Set(project.codes.map((c) => c.parent).filter((p): p is string => p !== null));
  const used = new Set(project.codings.map((c) => c.code));
  const codes = project.codes.filter((c) => !parents.has(c.key) || used.has(c.key));
  const codeKeys = new Set(codes.map((c) => c.key));

  return {
    documents: project.documents.map((d) => ({ id: d.key, text: d.text })),
    coders: [...ids.values()],
    codes: codes.map((c) => ({
      id: c.key,
      name: c.name,
      ...(c.parent !== null && codeKeys.has(c.parent) ? { parent: c.parent } : {}),
    })),
    codings: project.codings.flatMap((c) => {
      const coder = ids.get(c.coder);
      return coder === undefined || !codeKeys.has(c.code)
        ? []
        : [{ document: c.document, coder, code: c.code, start: c.start, end: c.end }];
    }),
    completed: Object.fromEntries(
      Object.entries(ratersByDocument(project)).map(([document, raters]) => [
        document,
        raters.flatMap((k) => {
          const id = ids.get(k);
          return id === undefined ? [] : [id];
        }),
      ]),
    ),
  };
}
