/** How the codebook's size is said: themes and codes counted apart, in words. */

/**
 * `"3 themes, 6 codes"` for a codebook whose top-level entries are themes and whose entries under
 * them (at any depth) are codes; singular for one (`"1 theme, 1 code"`). An entry whose parent is
 * gone counts as a theme, as the tree shows it at the top.
 */
export function codebookCounts(codes: readonly { id: string; parentId: string | null }[]): string {
  const ids = new Set(codes.map((c) => c.id));
  const themes = codes.filter((c) => c.parentId === null || !ids.has(c.parentId)).length;
  const rest = codes.length - themes;
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${count(themes, 'theme')}, ${count(rest, 'code')}`;
}
