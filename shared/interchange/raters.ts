/**
 * Who is a rater of which document: the one rule the agreement CLI, the import (which layers it
 * marks completed) and the REFI export (which completion sets it writes) share, so that a file's
 * agreement is the same offline, on the server after import, and after export → re-import.
 *
 * The rule:
 * - When the project records completion (Concord's own files carry one completion set per coder,
 *   see `COMPLETED_SET_MARK`), a coder is a rater of exactly the documents they marked completed:
 *   on the server, codings count once their coder says the document is done.
 * - When it does not (files from NVivo, ATLAS.ti, MAXQDA), a coder who applied at least one code
 *   anywhere in the project is a rater of every document, so a passage they left uncoded counts as
 *   "not this code" rather than as missing. This is what the desktop tools' own comparisons do
 *   (they compare the chosen users over all chosen documents), so their figures and ours agree.
 * - A user with no codings and no completion (NVivo lists everyone who ever opened the project) is
 *   no rater anywhere: they stay a member of the project, never a silent coder who "completed"
 *   every document and drags agreement down.
 * - The consensus layer is never a rater (it is compared against, not with).
 */
import type { PortableProject } from './portable.ts';

/** The parts of a project the rule reads. */
export type RaterInput = Pick<PortableProject, 'coders' | 'documents' | 'codings' | 'completed'>;

/**
 * Who completed which document: the project's record when it has one (the consensus layer
 * included, as recorded), else the raters the rule derives. Every document has an entry; coder
 * keys follow the order of `project.coders`.
 */
export function completionOf(project: RaterInput): Record<string, string[]> {
  if (project.completed !== null) {
    const record = project.completed;
    return Object.fromEntries(
      project.documents.map((d) => {
        const listed = new Set(record[d.key] ?? []);
        return [d.key, project.coders.filter((c) => listed.has(c.key)).map((c) => c.key)];
      }),
    );
  }
  const coded = new Set(project.codings.map((c) => c.coder));
  const raters = project.coders.filter((c) => !c.consensus && coded.has(c.key)).map((c) => c.key);
  return Object.fromEntries(project.documents.map((d) => [d.key, [...raters]]));
}

/** Document key → keys of its raters (never the consensus layer), in the order of `project.coders`. */
export function ratersByDocument(project: RaterInput): Record<string, string[]> {
  const consensus = new Set(project.coders.filter((c) => c.consensus).map((c) => c.key));
  return Object.fromEntries(
    Object.entries(completionOf(project)).map(([document, coders]) => [
      document,
      coders.filter((c) => !consensus.has(c)),
    ]),
  );
}

/**
 * Coders who take part in agreement: everyone but the consensus layer who coded something or
 * rates some document. On the server they are the coders with a layer in some document; a coder
 * who coded but completed nothing is one of them, missing from every document.
 */
export function agreementCoders(project: RaterInput): string[] {
  const coded = new Set(project.codings.map((c) => c.coder));
  const rating = new Set(Object.values(ratersByDocument(project)).flat());
  return project.coders
    .filter((c) => !c.consensus && (coded.has(c.key) || rating.has(c.key)))
    .map((c) => c.key);
}
