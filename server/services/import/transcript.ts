/**
 * Speaker turns from the transcript layouts people bring: "Speaker: text" lines (optionally
 * with timestamps before the name, after it, or on lines of their own), Otter-style headers
 * ("Anna Smith  0:03" above the text), and caption cues (WebVTT voices, "Name:" inside cues).
 *
 * Every transcript comes out the same way, which the agreement engine's `turn` segmentation
 * reads: one turn per paragraph, `Speaker: text`, turns separated by a blank line. Timestamps
 * are not kept in the text.
 */

/** One speaker turn; `speaker` is null for text nobody is named for. */
export interface Turn {
  speaker: string | null;
  text: string;
}

/** A transcript laid out as turns, or plain text left as it was. */
export interface TranscriptLayout {
  text: string;
  /** Number of speaker turns recognised (0: no transcript layout found). */
  turns: number;
  /** Speakers in order of first appearance. */
  speakers: string[];
}

const TIME = String.raw`(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?`;
const STAMP = String.raw`[\[(]?${TIME}[\])]?`;
const LEADING_STAMP = new RegExp(String.raw`^${STAMP}\s*(?:[-–—|]\s*)?`);
const TRAILING_STAMP = new RegExp(String.raw`\s*(?:[-–—|]\s*)?${STAMP}$`);
const STAMP_ONLY = new RegExp(String.raw`^${STAMP}(?:\s*(?:-->|[-–—])\s*${STAMP})?$`);
const HEADER = new RegExp(String.raw`^(.{1,40}?)\s+${STAMP}$`);

const MAX_LABEL = 40;
const MAX_WORDS = 4;

/** A plausible speaker name: short, a few words, with a letter, not a link or a sentence. */
function speakerName(raw: string): string | null {
  const name = raw
    .replace(/^[*_>\-–—\s]+|[*_\s]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (name.length === 0 || name.length > MAX_LABEL) return null;
  if (name.split(' ').length > MAX_WORDS) return null;
  if (!/\p{L}/u.test(name)) return null;
  // Not a link, and not the end of a sentence ("It ended. Then: …"); "Dr. Ann" is a name.
  if (/[.!?;,"“”]$|:\/\/|www\.|[!?]/i.test(name) || /\p{Ll}{3,}\.\s/u.test(name)) return null;
  return name;
}

/** "Name: text", with timestamps around the name allowed; null when the line is not one. */
export function speakerLine(line: string): Turn | null {
  const rest = line.trim().replace(LEADING_STAMP, '');
  // The label ends at the first colon followed by white space or the line's end, so colons
  // inside a timestamp after the name ("Anna (00:01:02): …") stay in the label.
  const match = /^(.{1,60}?):(?:\s+|$)/.exec(rest);
  if (!match) return null;
  const speaker = speakerName(match[1]!.replace(TRAILING_STAMP, ''));
  return speaker === null ? null : { speaker, text: rest.slice(match[0].length).trim() };
}

type LineKind =
  | { kind: 'blank' }
  | { kind: 'stamp' }
  | { kind: 'turn'; turn: Turn }
  | { kind: 'header'; speaker: string }
  | { kind: 'text'; text: string };

function classify(line: string): LineKind {
  const trimmed = line.trim();
  if (trimmed === '') return { kind: 'blank' };
  if (STAMP_ONLY.test(trimmed)) return { kind: 'stamp' };
  const turn = speakerLine(trimmed);
  if (turn) return { kind: 'turn', turn };
  const header = HEADER.exec(trimmed);
  const speaker = header ? speakerName(header[1]!) : null;
  if (speaker !== null) return { kind: 'header', speaker };
  return { kind: 'text', text: trimmed };
}

/** Turns as text: `Speaker: text` paragraphs separated by blank lines. */
export function turnsToText(turns: readonly Turn[]): string {
  return turns
    .filter((t) => t.text !== '' || t.speaker !== null)
    .map((t) => (t.speaker === null ? t.text : `${t.speaker}: ${t.text}`.trimEnd()))
    .join('\n\n');
}

/** Plain text tidied: Unix line ends, no trailing spaces, at most one blank line in a row. */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '');
}

/**
 * Lays out plain text as speaker turns when it reads as a transcript: at least two labelled
 * lines, at least 15% of its lines, and some speaker who speaks more than once (so headings
 * such as "Background:" and "Methods:" in a memo are not taken for speakers). Otherwise the
 * text is returned tidied.
 */
export function layoutTranscript(raw: string): TranscriptLayout {
  const tidy = tidyText(raw);
  const lines = tidy.split('\n').map(classify);
  const labelled = lines.filter((l) => l.kind === 'turn' || l.kind === 'header');
  const content = lines.filter((l) => l.kind !== 'blank' && l.kind !== 'stamp').length;
  const counts = new Map<string, number>();
  for (const l of labelled) {
    const speaker = l.kind === 'turn' ? l.turn.speaker! : l.kind === 'header' ? l.speaker : '';
    counts.set(speaker, (counts.get(speaker) ?? 0) + 1);
  }
  const isTranscript =
    labelled.length >= 2 && labelled.length >= 0.15 * content && [...counts.values()].some((n) => n >= 2);
  if (!isTranscript) return { text: tidy, turns: 0, speakers: [] };

  const turns: Turn[] = [];
  let current: Turn | null = null;
  let preamble: string[] = [];
  const flushPreamble = () => {
    if (preamble.length > 0) turns.push({ speaker: null, text: preamble.join('\n') });
    preamble = [];
  };
  for (const line of lines) {
    if (line.kind === 'stamp') continue;
    if (line.kind === 'blank') {
      // Before the first turn, blank lines separate paragraphs of the preamble.
      if (current === null) flushPreamble();
      continue;
    }
    if (line.kind === 'turn' || line.kind === 'header') {
      flushPreamble();
      current = line.kind === 'turn' ? { ...line.turn } : { speaker: line.speaker, text: '' };
      turns.push(current);
    } else if (current === null) {
      preamble.push(line.text);
    } else {
      // Continuation lines stay in their turn, so a turn is one paragraph.
      current.text = current.text === '' ? line.text : `${current.text}\n${line.text}`;
    }
  }
  flushPreamble();
  const speakers = [...new Set(turns.flatMap((t) => (t.speaker === null ? [] : [t.speaker])))];
  return { text: turnsToText(turns), turns: turns.filter((t) => t.speaker !== null).length, speakers };
}

/** A caption cue's text split by speaker, with its timing in seconds. */
export interface CueSegment {
  speaker: string | null;
  text: string;
  start: number;
  end: number;
}

/** Silence after which unnamed captions start a new paragraph, in seconds. */
const PARAGRAPH_GAP_SECONDS = 3;

/**
 * Caption segments as turns: consecutive segments of one speaker become one turn (captions cut
 * sentences into screen-sized pieces); unnamed segments run together until a pause.
 */
export function cuesToTurns(segments: readonly CueSegment[]): Turn[] {
  const turns: Turn[] = [];
  let last: (Turn & { end: number }) | null = null;
  for (const segment of segments) {
    const text = segment.text.replace(/\s+/g, ' ').trim();
    if (text === '') continue;
    const continues =
      last !== null &&
      last.speaker === segment.speaker &&
      (segment.speaker !== null || segment.start - last.end < PARAGRAPH_GAP_SECONDS);
    if (continues && last) {
      last.text = `${last.text} ${text}`;
      last.end = segment.end;
    } else {
      last = { speaker: segment.speaker, text, end: segment.end };
      turns.push(last);
    }
  }
  return turns.map(({ speaker, text }) => ({ speaker, text }));
}
