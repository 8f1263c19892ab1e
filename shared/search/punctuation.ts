/**
 * Typographic variants of the same punctuation. Transcripts mix them (a word processor turns `'`
 * into `’` and `"` into `“ ”`, a transcription service may not), and a keyboard types only the
 * plain forms, so a phrase typed as `you're` or `"new rota"` must find `you’re` and `“new rota”`.
 * Each variant is one code point, like the plain form it stands for, so matching with these
 * classes (or comparing folded strings) never moves a position. Pure.
 */

/** Plain form → every form that counts as it (the plain form first). */
const VARIANTS: Readonly<Record<string, string>> = {
  "'": "'‘’‚‛′ʼ",
  '"': '"“”„‟″',
  '-': '-‐‑‒–—―−',
};

const PLAIN_OF = new Map<string, string>(
  Object.entries(VARIANTS).flatMap(([plain, forms]) => [...forms].map((f) => [f, plain] as [string, string])),
);

const ANY_VARIANT = new RegExp(
  `[${[...PLAIN_OF.keys()].map((c) => `\\u{${c.codePointAt(0)!.toString(16)}}`).join('')}]`,
  'gu',
);

/** `s` with every punctuation variant replaced by its plain form (same length in code points). */
export function foldPunctuation(s: string): string {
  return s.replace(ANY_VARIANT, (c) => PLAIN_OF.get(c)!);
}

/**
 * A regular-expression source (for the `u` flag) matching `literal` with each punctuation variant
 * standing for all of its forms; every other character is escaped by `escape`.
 */
export function punctuationInsensitiveSource(literal: string, escape: (s: string) => string): string {
  return [...literal]
    .map((c) => {
      const plain = PLAIN_OF.get(c);
      if (plain === undefined) return escape(c);
      const forms = [...VARIANTS[plain]!].map((f) => `\\u{${f.codePointAt(0)!.toString(16)}}`).join('');
      return `[${forms}]`;
    })
    .join('');
}
