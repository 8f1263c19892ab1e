/**
 * Timed transcripts: the text of a transcript file laid out as speaker turns (exactly as before
 * times were kept) and its timeline of cues (docs/sources.md, "Timelines").
 *
 * - WebVTT and SRT: one cue per caption (per voice when a caption holds several), its own start
 *   and end. The first caption of a turn also covers the `Speaker: ` label.
 * - Text, Markdown and Word transcripts whose turns carry stamps (`[00:01:02] Anna: …`,
 *   `Anna (01:02): …`, `Anna Smith  1:02` above the text, or a stamp on a line of its own before
 *   the turn): one cue per stamped turn, over its whole paragraph. Such a stamp gives only the
 *   start, so the cue ends where the next stamped turn begins; the last one ends after its words
 *   read at 150 words per minute (0.4 s a word), which keeps it short enough not to claim
 *   the silence after it and long enough to be played.
 *
 * Positions of the cues are code points of the laid-out text, half-open; times milliseconds.
 */
import type { Cue } from '../../../shared/sources.ts';
import { CodePointIndex } from '../../../shared/model/codePoints.ts';
import { readCaptions } from './captions.ts';
import { markdownToText } from './markdown.ts';
import { layoutTimedTranscript, type TimedLayout, type TranscriptLayout } from './transcript.ts';

/** The speaking rate that sets the end of a last stamped turn, in words per minute. */
export const SPEAKING_WORDS_PER_MINUTE = 150;

/** The formats a transcript's text comes in, once decoded (a .docx as its raw text). */
export type TimedFormat = 'text' | 'markdown' | 'docx' | 'vtt' | 'srt';

/**
 * Lays out a transcript's decoded text and reads its timeline; `what` names the file in errors.
 * `cues` is empty when the file carries no times.
 * @throws AppError `validation` for captions that are not WebVTT/SRT (see `readCaptions`).
 */
export async function readTimedTranscript(
  source: string,
  format: TimedFormat,
  what: string,
): Promise<{ layout: TranscriptLayout; cues: Cue[] }> {
  const timed =
    format === 'vtt' || format === 'srt'
      ? await readCaptions(source, format, what)
      : layoutTimedTranscript(format === 'markdown' ? markdownToText(source) : source);
  const { text, turns, speakers } = timed;
  return { layout: { text, turns, speakers }, cues: timelineOf(timed) };
}

/**
 * A timed layout's spans as cues: UTF-16 offsets become code points; a span without an end ends
 * where the next one starts (when that is not earlier), else after its words at
 * {@link SPEAKING_WORDS_PER_MINUTE}. Empty spans are left out.
 */
export function timelineOf(layout: TimedLayout): Cue[] {
  const index = new CodePointIndex(layout.text);
  const spans = layout.timed.filter((s) => s.to > s.from);
  return spans.map((span, i) => {
    const next = spans[i + 1];
    // The label is not spoken: only the words after "Speaker: " count.
    const label = span.speaker === null ? '' : `${span.speaker}: `;
    const said = layout.text.slice(span.from, span.to);
    const words = (said.startsWith(label) ? said.slice(label.length) : said)
      .split(/\s+/)
      .filter(Boolean).length;
    const spoken = span.startMs + Math.max(1, words) * (60_000 / SPEAKING_WORDS_PER_MINUTE);
    const endMs =
      span.endMs ?? (next !== undefined && next.startMs >= span.startMs ? next.startMs : Math.round(spoken));
    return {
      start: index.toCodePoint(span.from),
      end: index.toCodePoint(span.to),
      startMs: span.startMs,
      endMs: Math.max(span.startMs, endMs),
      ...(span.speaker === null ? {} : { speaker: span.speaker }),
    };
  });
}
