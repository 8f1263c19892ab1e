/**
 * The agreement report in researchers' words. The report is written for scripts as well as people
 * (field names in brackets, `alphaU`, "document(s)"); the dashboard says the same things without
 * them. Pure.
 */

/** The units of analysis the dashboard offers. */
export type UnitChoice = 'segment' | 'character' | 'unitizing';
/** How the text is cut into segments when the unit is `segment`. */
export type SegmentChoice = 'paragraph' | 'line' | 'sentence' | 'turn';

const SEGMENT_WORDS: Record<SegmentChoice, string> = {
  paragraph: 'paragraphs',
  line: 'lines',
  sentence: 'sentences',
  turn: 'speaker turns',
};

/** One sentence saying what the figures count, for the line under the unit picker. */
export function unitInWords(unit: UnitChoice, segments: SegmentChoice): string {
  switch (unit) {
    case 'segment':
      return `Segments: the transcripts are cut into ${SEGMENT_WORDS[segments]}; for each one and each code, a coder applied the code somewhere in it or did not.`;
    case 'character':
      return 'Characters: every character is a unit, as NVivo counts; text nobody coded counts as agreement.';
    case 'unitizing':
      return 'Unitizing: Krippendorff’s α_u compares where each coder’s coded passages begin and end, code by code.';
  }
}

/** A field name in brackets, e.g. " (overall.krippendorffAlpha)" or " (percentAgreement)". */
const FIELD_IN_BRACKETS = /\s*\((?:[a-z][A-Za-z]*\.)*[a-z]+[A-Z][A-Za-z]*\)/g;

/**
 * A note of the report without the field names scripts need: bracketed names go, `alphaU` and
 * `alpha_u` read α_u, and "3 document(s) were" agrees with its count.
 */
export function plainNote(note: string): string {
  return note
    .replace(FIELD_IN_BRACKETS, '')
    .replace(/\(see alphaU\)/g, '(see α_u)')
    .replace(/\balpha_?[uU]\b/g, 'α_u')
    .replace(
      /\b(\d[\d,]*)((?: [a-z-]+){0,3}?) ([a-z-]+)\(s\)( were| are)?/g,
      (_m, n: string, between: string, word: string, verb?: string) => {
        const one = n === '1';
        const verbWord = verb === undefined ? '' : one ? (verb === ' were' ? ' was' : ' is') : verb;
        return `${n}${between} ${word}${one ? '' : 's'}${verbWord}`;
      },
    )
    .replace(/ with --unit unitizing/g, ' when the unit of analysis is unitizing');
}

/**
 * The dashboard's notes: the report's caveats and warnings in plain words, and codings the
 * figures leave out because their text was deleted.
 */
export function dashboardNotes(
  report: { caveats: readonly string[]; warnings: readonly string[] },
  orphanedCodings: number,
): string[] {
  const notes = [...report.caveats, ...report.warnings].map(plainNote);
  if (orphanedCodings > 0) {
    notes.push(
      `${orphanedCodings} ${orphanedCodings === 1 ? 'coding points' : 'codings point'} at deleted text and ${orphanedCodings === 1 ? 'is' : 'are'} left out.`,
    );
  }
  return notes;
}
