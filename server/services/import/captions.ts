/**
 * WebVTT and SRT captions as speaker turns. Parsing is media-captions' (spec-following, both
 * formats); the speaker comes from a WebVTT voice (`<v Anna>…</v>`) or from a `Name:` label at
 * the start of a cue line, as Zoom and many transcription services write it.
 */
import * as mediaCaptions from 'media-captions';
import { AppError } from '../../../shared/errors.ts';
import { cuesToTimedTurns, speakerLine, type CueSegment, type TimedLayout } from './transcript.ts';

/** The part of a parsed cue we read. */
interface VTTCue {
  startTime: number;
  endTime: number;
  text: string;
}

/**
 * The part of media-captions we use. Its published declarations import one another without file
 * extensions, which NodeNext resolution cannot follow, so they are restated here.
 */
interface MediaCaptions {
  parseText(
    text: string,
    options: { type: 'vtt' | 'srt'; errors: boolean },
  ): Promise<{ cues: VTTCue[]; errors: { code: number; line: number; message: string }[] }>;
  tokenizeVTTCue(cue: VTTCue): unknown[];
}
const { parseText, tokenizeVTTCue } = mediaCaptions as unknown as MediaCaptions;

/** What `tokenizeVTTCue` returns, as far as we read it. */
interface CueNode {
  type: string;
  data?: string;
  voice?: string;
  children?: CueNode[];
}

/** Splits a cue into runs of text by voice; text outside any voice has no speaker yet. */
function voiceRuns(cue: VTTCue): { voice: string | null; text: string }[] {
  const runs: { voice: string | null; text: string }[] = [];
  const walk = (nodes: readonly CueNode[], voice: string | null) => {
    for (const node of nodes) {
      if (node.type === 'text') {
        const last = runs.at(-1);
        if (last && last.voice === voice) last.text += node.data ?? '';
        else runs.push({ voice, text: node.data ?? '' });
      } else if (node.type === 'v') {
        walk(node.children ?? [], node.voice?.trim() || voice);
      } else if (node.children) {
        walk(node.children, voice);
      }
    }
  };
  walk(tokenizeVTTCue(cue) as CueNode[], null);
  return runs;
}

/** A cue's segments; with `labels`, "Name: text" lines name their speaker. */
function segments(cue: VTTCue, labels: boolean): CueSegment[] {
  const out: CueSegment[] = [];
  for (const run of voiceRuns(cue)) {
    // SRT styling such as {\an8} and leftover tags are not words.
    const text = run.text.replace(/\{\\[^}]*\}/g, '').replace(/<[^>]*>/g, '');
    let current: CueSegment | null = null;
    for (const rawLine of text.split('\n')) {
      const line = rawLine.replace(/^\s*[-–—]\s+/, '').trim();
      if (line === '') continue;
      const labelled = labels && run.voice === null ? speakerLine(line) : null;
      if (labelled) {
        current = { speaker: labelled.speaker, text: labelled.text, start: cue.startTime, end: cue.endTime };
        out.push(current);
      } else if (current) {
        current.text += ` ${line}`;
      } else {
        current = { speaker: run.voice, text: line, start: cue.startTime, end: cue.endTime };
        out.push(current);
      }
    }
  }
  return out;
}

/**
 * Reads captions into a transcript, with each caption's (each voice's, when a cue holds several)
 * place in the text and its times as the layout's timed spans; `what` names the file in errors.
 */
export async function readCaptions(source: string, type: 'vtt' | 'srt', what: string): Promise<TimedLayout> {
  // The parser forgives a missing header; the format does not, and a file without one is often
  // something else renamed.
  if (type === 'vtt' && !/^\uFEFF?WEBVTT(?:[ \t]|\r?\n|$)/.test(source)) {
    throw new AppError('validation', `${what} is not a WebVTT file: it does not start with "WEBVTT"`);
  }
  const result = await parseText(source, { type, errors: true });
  if (result.cues.length === 0) {
    const first = result.errors[0];
    throw new AppError(
      'validation',
      `${what} holds no ${type === 'vtt' ? 'WebVTT' : 'SRT'} cues${first ? ` (line ${first.line}: ${first.message})` : ''}`,
    );
  }
  // "Name:" labels count as speakers when some name recurs, or when every cue opens with one and
  // there are two names at least (a short exchange); otherwise they are just text.
  const labelled = result.cues.flatMap((cue) => segments(cue, true));
  const counts = new Map<string, number>();
  for (const s of labelled) if (s.speaker !== null) counts.set(s.speaker, (counts.get(s.speaker) ?? 0) + 1);
  const recurring = [...counts.values()].some((n) => n >= 2);
  const everyCueNamed = result.cues.every((cue) => (segments(cue, true)[0]?.speaker ?? null) !== null);
  const speakers = recurring || (everyCueNamed && counts.size >= 2);
  const chosen = speakers ? labelled : result.cues.flatMap((cue) => segments(cue, false));
  return cuesToTimedTurns(chosen).layout;
}
