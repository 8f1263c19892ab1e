/** Small pieces of wording the pages share, so a role or a server message reads as English. */
import type { Role } from '../../../shared/schemas.ts';

/** What each role may do, in a sentence (shown beside role pickers and on invitations). */
export const ROLE_MEANINGS: Readonly<Record<Role, string>> = {
  owner: 'Owners manage members and settings, and do everything reviewers do.',
  reviewer: 'Reviewers see every coder’s work, settle disagreements into the consensus and add documents.',
  coder: 'Coders apply codes to the transcripts in a layer of their own.',
  viewer: 'Viewers read the transcripts and codings without changing them.',
};

/** "a coder", "an owner". */
export function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}

/** A server message ("the current password is wrong") as a sentence ("The current password is wrong."). */
export function sentence(message: string): string {
  const s = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}
