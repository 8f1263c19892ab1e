/**
 * Form errors shown at the field they concern, in plain words ("Give the transcript a title."),
 * never as the server's summary ("invalid document") or a schema's field name. Pure.
 */

/** A form's fields and what to tell the researcher when one is missing or refused. */
export interface FormWords {
  /** Per field name (as the form and the API name it): the sentence shown under that field. */
  fields: Record<string, string>;
  /** Said above the form when the server refused something no field explains. */
  fallback: string;
}

/** Errors to show: by field name, plus at most one message for the whole form. */
export interface FormErrors {
  fields: Record<string, string>;
  form: string | null;
}

/** A form with nothing to say. */
export const NO_ERRORS: FormErrors = { fields: {}, form: null };

/**
 * Checks required fields before anything is sent: each named field that is blank (white space
 * only) gets its sentence from `words`.
 */
export function missingFields(
  values: Record<string, string>,
  required: readonly string[],
  words: FormWords,
): FormErrors {
  const fields: Record<string, string> = {};
  for (const name of required) {
    if ((values[name] ?? '').trim() === '') fields[name] = words.fields[name] ?? words.fallback;
  }
  return { fields, form: null };
}

/**
 * Issue codes of the schema library's built-in checks: their messages name types and lengths
 * ("Too small: expected string to have >=1 characters"), so the form's own sentence replaces them.
 * Any other code is a check the server words itself for people ("give the transcript some text").
 */
const SCHEMA_CHECKS: ReadonlySet<string> = new Set([
  'invalid_type',
  'too_big',
  'too_small',
  'invalid_format',
  'not_multiple_of',
  'unrecognized_keys',
  'invalid_union',
  'invalid_key',
  'invalid_element',
  'invalid_value',
]);

/** One problem the server found, as the API reports it. */
export interface RefusedIssue {
  path: readonly (string | number)[];
  message: string;
  code?: string | undefined;
}

/**
 * Errors from a refused request. Issues the server attributes to one of the form's fields are
 * shown at that field: in the server's words when it wrote them for people, else in the form's.
 * Anything else (no issues, or a field the form does not have) is said once, above the form, in
 * `fallback`'s words followed by the server's explanation unless that is a bare "invalid …".
 */
export function refusedFields(
  refusal: { message: string; issues: readonly RefusedIssue[] },
  words: FormWords,
): FormErrors {
  const fields: Record<string, string> = {};
  let unexplained = refusal.issues.length === 0;
  for (const issue of refusal.issues) {
    const name = issue.path[0];
    const sentence = typeof name === 'string' ? words.fields[name] : undefined;
    if (sentence === undefined || typeof name !== 'string') {
      unexplained = true;
      continue;
    }
    const ownWords = issue.code !== undefined && !SCHEMA_CHECKS.has(issue.code) && issue.message !== '';
    fields[name] ??= ownWords ? sentenceOf(issue.message) : sentence;
  }
  if (!unexplained) return { fields, form: null };
  const summary = /^invalid\b/i.test(refusal.message) ? '' : refusal.message;
  return { fields, form: summary ? `${words.fallback} ${sentenceOf(summary)}` : words.fallback };
}

/** "give the transcript some text" → "Give the transcript some text." */
function sentenceOf(text: string): string {
  const stop = /[.!?]$/.test(text) ? '' : '.';
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${stop}`;
}

/** The transcript form on the project page (title + pasted text, or a file). */
export const TRANSCRIPT_WORDS: FormWords = {
  fields: {
    title: 'Give the transcript a title (up to 500 characters).',
    text: 'Paste the transcript’s text (up to 5,000,000 characters).',
    file: 'Choose a transcript file (.txt, .md, .docx, .vtt or .srt).',
  },
  fallback: 'The transcript was not added.',
};

/** The new-project form on the projects page. */
export const PROJECT_WORDS: FormWords = {
  fields: { name: 'Give the project a name (up to 200 characters).' },
  fallback: 'The project was not created.',
};

/** The sign-in form. */
export const SIGN_IN_WORDS: FormWords = {
  fields: {
    email: 'Enter the email address you were invited with.',
    password: 'Enter your password.',
  },
  fallback: 'You could not be signed in.',
};

/** A code's fields on the codebook page. */
export const CODE_WORDS: FormWords = {
  fields: {
    name: 'Give the code a name (up to 200 characters).',
    color: 'Pick a colour for the code.',
    description: 'Keep the definition under 10,000 characters.',
  },
  fallback: 'That change was not saved.',
};
