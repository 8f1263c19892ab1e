/**
 * What a document's title and attribute names may hold, decided once for every way they arrive
 * (the REST routes check and refuse; imports from other tools clean and keep going). Pure.
 *
 * Attribute maps are plain objects stored in the metadata and in the text room (a Yjs JSON value),
 * and looked up by name all over (filters, strata, exports). A name that is a property of every
 * object (`constructor`, `__proto__`, `toString`, …) breaks both: Yjs cannot encode an object
 * whose `constructor` is a string, and `attributes['constructor']` finds a function, not a value.
 * Control and bidirectional-override characters in a title or name would reorder or split what
 * exports and the audit log print.
 */

/** Names every plain object already answers to; never attribute names. */
const RESERVED: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * C0 and C1 controls, the line and paragraph separators, the bidirectional embeddings, overrides
 * and isolates, and invisible characters with no part in any script (zero-width space, word
 * joiner, byte-order mark) — which would make two names that look the same. Left allowed: the
 * zero-width (non-)joiners and the direction marks, which Persian, Arabic and Hebrew text needs.
 */
const BREAKING = '\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029';
/** Characters that only steer or hide text: removed outright when cleaning. */
const INVISIBLE = '\\u200b\\u202a-\\u202e\\u2060\\u2066-\\u2069\\ufeff';
const UNSAFE = new RegExp(`[${BREAKING}${INVISIBLE}]`, 'u');
const BREAKING_ALL = new RegExp(`[${BREAKING}]+`, 'gu');
const INVISIBLE_ALL = new RegExp(`[${INVISIBLE}]+`, 'gu');

/** Longest attribute name, in UTF-16 code units as the schema counts. */
export const MAX_ATTRIBUTE_NAME = 100;

/** Why a (trimmed) attribute name cannot be used, in words for the person who typed it; null when it can. */
export function attributeNameProblem(name: string): string | null {
  if (name === '') return 'an attribute needs a name';
  if (name.length > MAX_ATTRIBUTE_NAME)
    return `attribute names hold at most ${MAX_ATTRIBUTE_NAME} characters`;
  if (RESERVED.has(name)) return `“${name}” cannot be an attribute name; add a word, e.g. “${name} group”`;
  if (UNSAFE.test(name)) return 'attribute names cannot hold line breaks, tabs or other control characters';
  return null;
}

/** Why a (trimmed) title — of a document or a project — cannot be used; null when it can. */
export function titleProblem(title: string): string | null {
  return UNSAFE.test(title) ? 'a title is one line without tabs or other control characters' : null;
}

/**
 * Problems of the names of an attribute map as sent (`Object.keys` of the parsed JSON): each name
 * after trimming, and names that become the same once trimmed (`"site"` and `" site "` would
 * silently keep only one).
 */
export function attributeProblems(names: readonly string[]): { name: string; message: string }[] {
  const problems: { name: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const original of names) {
    const name = original.trim();
    const problem = attributeNameProblem(name);
    if (problem) problems.push({ name: original, message: problem });
    else if (seen.has(name))
      problems.push({ name: original, message: `the attribute “${name}” is given twice` });
    seen.add(name);
  }
  return problems;
}

/**
 * A title from another tool made safe: direction overrides and invisible characters removed, runs
 * of control characters and line breaks made one space, then trimmed.
 */
export function cleanTitle(title: string): string {
  return title.replace(INVISIBLE_ALL, '').replace(BREAKING_ALL, ' ').trim();
}

/**
 * Attributes from another tool made safe without refusing the file: names trimmed, control runs
 * replaced by a space, reserved names given a suffix (`constructor` → `constructor (attribute)`),
 * empty names called `attribute`, names clipped to the limit, and a name met twice numbered
 * (`site 2`) so no value is lost. Readers of other formats pass their `[name, value]` pairs as
 * read, before any object could merge two names or take `__proto__` for its prototype.
 */
export function cleanAttributes(
  raw: Readonly<Record<string, string>> | Iterable<readonly [string, string]>,
): Record<string, string> {
  const out: Record<string, string> = {};
  const taken = new Set<string>();
  const entries = Symbol.iterator in raw ? raw : Object.entries(raw);
  for (const [original, value] of entries as Iterable<readonly [string, string]>) {
    let name = cleanTitle(original).slice(0, MAX_ATTRIBUTE_NAME) || 'attribute';
    if (RESERVED.has(name)) name = `${name} (attribute)`;
    let unique = name;
    for (let n = 2; taken.has(unique); n++) unique = `${name.slice(0, MAX_ATTRIBUTE_NAME - 4)} ${n}`;
    taken.add(unique);
    out[unique] = value;
  }
  return out;
}

/**
 * The value of the attribute `name`, if the document has one: read as an own property only, so a
 * name such as `constructor` (from a script, or data stored before names were checked) never
 * finds what every object inherits.
 */
export function attributeValue(
  attributes: Readonly<Record<string, string>>,
  name: string,
): string | undefined {
  return Object.hasOwn(attributes, name) ? attributes[name] : undefined;
}
