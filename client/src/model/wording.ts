/** Small pieces of wording the pages share, so a role or a server message reads as English. */

/** "a coder", "an owner". */
export function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}

/** A server message ("the current password is wrong") as a sentence ("The current password is wrong."). */
export function sentence(message: string): string {
  const s = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}
