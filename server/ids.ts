/** Identifiers for new projects, documents, users, credentials and audit entries. */
import { randomBytes } from 'node:crypto';

/**
 * A new id: 16 base64url characters (96 random bits) that never begin with `-`, so an id can be
 * passed to a command line without being taken for an option (`concord export <id>`). Ids are
 * drawn again until the first character is not `-`, which keeps every allowed id equally likely.
 * Existing ids that do begin with `-` stay valid everywhere (`IdSchema`).
 *
 * @param random the source of random bytes (defaults to `crypto.randomBytes`).
 */
export function newId(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = random(12).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
