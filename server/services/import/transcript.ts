/**
 * Speaker turns from the transcript layouts people bring: "Speaker: text" lines (optionally
 * with timestamps before the name, after it, or on lines of their own), Otter-style headers
 * ("Anna Smith  0:03" above the text), and caption cues (WebVTT voices, "Name:" inside cues).
 *
 * Every transcript comes out the same way, which the agreement engine's `turn` segmentation
 * reads: one turn per paragraph, `Speaker: text`, turns separated by a blank line. Timestamps
 * are not kept in the text: the timed layouts (`layoutTimedTranscript`, `cuesToTimedTurns`) say
 * where each stamped turn or caption landed in it and when it was spoken, for the document's
 * timeline (timed.ts).
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
/** A time on its own (not part of a longer run of digits and colons), its parts captured. */
const TIME_PARTS = /(?<![\d:])(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?(?![\d:])/g;
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

/**
 * The times written in a stamp or label, in milliseconds, in order: `hh:mm:ss` or `mm:ss`
 * (two parts are minutes and seconds, as transcripts write them), with an optional fraction of a
 * second after `.` or `,` (SRT writes a comma).
 */
export function stampTimes(text: string): number[] {
  return [...text.matchAll(TIME_PARTS)].map(([, h, m, sec, fraction]) => {
    const seconds = Number(h ?? 0) * 3600 + Number(m) * 60 + Number(sec);
    const ms = fraction === undefined ? 0 : Math.round(Number(`0.${fraction}`) * 1000);
    return seconds * 1000 + ms;
  });
}

/** Where a line's stamp says its turn began, and (a range "a --> b") ended; ms. */
interface LineTime {
  startMs: number;
  endMs: number | null;
}

type LineKind =
  | { kind: 'blank' }
  | { kind: 'stamp'; time: LineTime | null }
  | { kind: 'turn'; turn: Turn; time: LineTime | null }
  | { kind: 'header'; speaker: string; time: LineTime | null }
  | { kind: 'text'; text: string };

/** The time a stamp or label carries, or null when it carries none. */
function lineTime(text: string): LineTime | null {
  const [startMs, endMs] = stampTimes(text);
  return startMs === undefined ? null : { startMs, endMs: endMs ?? null };
}

function classify(line: string): LineKind {
  const trimmed = line.trim();
  if (trimmed === '') return { kind: 'blank' };
  if (STAMP_ONLY.test(trimmed)) return { kind: 'stamp', time: lineTime(trimmed) };
  const turn = speakerLine(trimmed);
  // The stamp is in the label: before the name, or between the name and the colon.
  if (turn)
    return { kind: 'turn', turn, time: lineTime(trimmed.slice(0, trimmed.length - turn.text.length)) };
  const header = HEADER.exec(trimmed);
  const speaker = header ? speakerName(header[1]!) : null;
  if (speaker !== null) return { kind: 'header', speaker, time: lineTime(trimmed.slice(header![1]!.length)) };
  return { kind: 'text', text: trimmed };
}

/**
 * Turns as text, and where each turn's paragraph starts in it (UTF-16 offset; null for a turn
 * left out because it holds nothing) and where its words start (after `Speaker: `).
 */
function layoutTurns(turns: readonly Turn[]): {
  text: string;
  at: ({ paragraph: number; words: number } | null)[];
} {
  const paragraphs: string[] = [];
  const at: ({ paragraph: number; words: number } | null)[] = [];
  let offset = 0;
  for (const t of turns) {
    if (t.text === '' && t.speaker === null) {
      at.push(null);
      continue;
    }
    const paragraph = t.speaker === null ? t.text : `${t.speaker}: ${t.text}`.trimEnd();
    if (paragraphs.length > 0) offset += 2;
    at.push({ paragraph: offset, words: offset + (t.speaker === null ? 0 : t.speaker.length + 2) });
    paragraphs.push(paragraph);
    offset += paragraph.length;
  }
  return { text: paragraphs.join('\n\n'), at };
}

/** Turns as text: `Speaker: text` paragraphs separated by blank lines. */
export function turnsToText(turns: readonly Turn[]): string {
  return layoutTurns(turns).text;
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
  const { text, turns, speakers } = layoutTimedTranscript(raw);
  return { text, turns, speakers };
}

/**
 * A stretch of a layout's text and when it was spoken: `[from, to)` in UTF-16 units of the text;
 * `endMs` null when the source gave only the start (timed.ts decides the end).
 */
export interface TimedSpan {
  from: number;
  to: number;
  startMs: number;
  endMs: number | null;
  speaker: string | null;
}

/** A layout with the timed stretches of its text, in text order (none: the source had no times). */
export interface TimedLayout extends TranscriptLayout {
  timed: TimedSpan[];
}

/**
 * `layoutTranscript`, and for each turn that carries a time its paragraph (speaker label
 * included) as a timed span. A turn's time is the stamp in its own line (`[00:01:02] Anna: …`,
 * `Anna (01:02): …`, an Otter header `Anna  1:02`) or else the stamp on a line of its own just
 * before it (`00:01:02` or `00:01:02 --> 00:01:09`, which also gives the end). Turns without one
 * (and the preamble) are not timed.
 */
export function layoutTimedTranscript(raw: string): TimedLayout {
  const tidy = tidyText(raw);
  const lines = tidy.split('\n').map(classify);
  const labelled = lines.filter((l) => l.kind === 'turn' || l.kind === 'header');
  const content = lines.filter((l) => l.kind !== 'blank' && l.kind !== 'stamp').length;
  const counts = new Map<string, number>();
  for (const l of labelled) {
    const speaker = l.kind === 'turn' ? l.turn.speaker! : l.kind === 'header' ? l.speaker : '';
    counts.set(speaker, (counts.get(speaker) ?? 0) + 1);
  }
  // Stamped turns say "transcript" even when nobody speaks twice (a short exchange), as long as
  // every label carries a time, on its line or on the line before.
  let stamped = 0;
  let afterStamp = false;
  for (const l of lines) {
    if (l.kind === 'blank') continue;
    if ((l.kind === 'turn' || l.kind === 'header') && (l.time != null || afterStamp)) stamped++;
    afterStamp = l.kind === 'stamp';
  }
  const isTranscript =
    labelled.length >= 2 &&
    labelled.length >= 0.15 * content &&
    ([...counts.values()].some((n) => n >= 2) || (stamped === labelled.length && counts.size >= 2));
  if (!isTranscript) return { text: tidy, turns: 0, speakers: [], timed: [] };

  const turns: Turn[] = [];
  /** The time of each turn, by index in `turns`. */
  const times = new Map<number, LineTime>();
  let current: Turn | null = null;
  /** A stamp on a line of its own, waiting for the turn it stands before. */
  let pending: LineTime | null = null;
  let preamble: string[] = [];
  const flushPreamble = () => {
    if (preamble.length > 0) turns.push({ speaker: null, text: preamble.join('\n') });
    preamble = [];
  };
  for (const line of lines) {
    if (line.kind === 'stamp') {
      pending = line.time ?? pending;
      continue;
    }
    if (line.kind === 'blank') {
      // Before the first turn, blank lines separate paragraphs of the preamble.
      if (current === null) flushPreamble();
      continue;
    }
    if (line.kind === 'turn' || line.kind === 'header') {
      flushPreamble();
      current = line.kind === 'turn' ? { ...line.turn } : { speaker: line.speaker, text: '' };
      const time = line.time ?? pending;
      if (time !== null) times.set(turns.length, time);
      pending = null;
      turns.push(current);
    } else {
      // A stamp followed by text that is not a turn stamped that text, not the next turn.
      pending = null;
      if (current === null) preamble.push(line.text);
      // Continuation lines stay in their turn, so a turn is one paragraph.
      else current.text = current.text === '' ? line.text : `${current.text}\n${line.text}`;
    }
  }
  flushPreamble();
  const speakers = [...new Set(turns.flatMap((t) => (t.speaker === null ? [] : [t.speaker])))];
  const { text, at } = layoutTurns(turns);
  const timed: TimedSpan[] = [];
  turns.forEach((turn, i) => {
    const time = times.get(i);
    const place = at[i];
    if (time === undefined || !place) return;
    const paragraph = turn.speaker === null ? turn.text : `${turn.speaker}: ${turn.text}`.trimEnd();
    timed.push({
      from: place.paragraph,
      to: place.paragraph + paragraph.length,
      startMs: time.startMs,
      endMs: time.endMs,
      speaker: turn.speaker,
    });
  });
  return { text, turns: turns.filter((t) => t.speaker !== null).length, speakers, timed };
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
  return cuesToTimedTurns(segments).turns;
}

/**
 * `cuesToTurns` with the caption segments laid out: the text, and one timed span per segment
 * (its words; the first segment of a turn also takes in the `Speaker: ` label, so a passage
 * coded from the turn's start has the turn's time).
 */
export function cuesToTimedTurns(segments: readonly CueSegment[]): { turns: Turn[]; layout: TimedLayout } {
  const turns: (Turn & { end: number; pieces: { offset: number; length: number; segment: CueSegment }[] })[] =
    [];
  let last: (typeof turns)[number] | null = null;
  for (const segment of segments) {
    const text = segment.text.replace(/\s+/g, ' ').trim();
    if (text === '') continue;
    const continues =
      last !== null &&
      last.speaker === segment.speaker &&
      (segment.speaker !== null || segment.start - last.end < PARAGRAPH_GAP_SECONDS);
    if (continues && last) {
      last.pieces.push({ offset: last.text.length + 1, length: text.length, segment });
      last.text = `${last.text} ${text}`;
      last.end = segment.end;
    } else {
      last = {
        speaker: segment.speaker,
        text,
        end: segment.end,
        pieces: [{ offset: 0, length: text.length, segment }],
      };
      turns.push(last);
    }
  }
  const plain = turns.map(({ speaker, text }) => ({ speaker, text }));
  const { text, at } = layoutTurns(plain);
  const timed: TimedSpan[] = [];
  turns.forEach((turn, i) => {
    const place = at[i];
    if (!place) return;
    turn.pieces.forEach((piece, j) => {
      timed.push({
        from: j === 0 ? place.paragraph : place.words + piece.offset,
        to: place.words + piece.offset + piece.length,
        startMs: Math.round(piece.segment.start * 1000),
        endMs: Math.round(piece.segment.end * 1000),
        speaker: turn.speaker,
      });
    });
  });
  const speakers = [...new Set(plain.flatMap((t) => (t.speaker === null ? [] : [t.speaker])))];
  return {
    turns: plain,
    layout: { text, turns: plain.filter((t) => t.speaker !== null).length, speakers, timed },
  };
}
