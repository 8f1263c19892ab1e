/**
 * Playing a recording beside its transcript (docs/sources.md, "Recordings in the app"): which cue
 * is being spoken, the cue of a line, how far a passage plays, the playback speeds, and the
 * timestamp typed while transcribing. Pure: positions are whatever the caller's cues use, times
 * are milliseconds from the recording's start.
 */
import { formatTime } from '../../../shared/model/cues.ts';
import { speakerLabelLength } from '../../../shared/model/citations.ts';

/** What these functions read of a cue: its text `[start, end)` and when it was spoken. */
export interface TimedSpan {
  start: number;
  end: number;
  startMs: number;
  endMs: number;
}

/** Playback speeds the slower/faster keys step through, slowest first. */
export const PLAYBACK_RATES = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2] as const;

/** How far "back" jumps, in milliseconds. */
export const BACK_MS = 5000;

/**
 * The next speed from `rate` one step slower (`-1`) or faster (`+1`); stays at either end. A rate
 * between steps moves to the nearest step in that direction.
 */
export function stepRate(rate: number, direction: -1 | 1): number {
  if (direction > 0) return PLAYBACK_RATES.find((r) => r > rate + 1e-9) ?? PLAYBACK_RATES.at(-1)!;
  return [...PLAYBACK_RATES].reverse().find((r) => r < rate - 1e-9) ?? PLAYBACK_RATES[0];
}

/** A speed as shown beside the player: `1×`, `0.75×`. */
export function rateLabel(rate: number): string {
  return `${Number(rate.toFixed(2))}×`;
}

/**
 * The index of the cue being spoken at `ms`, or null in a pause between cues. A cue whose end is
 * not after its start (a timestamp typed while transcribing, whose end is not known) lasts until
 * a later cue starts. When cues overlap, the one that started last wins: that is what is heard.
 */
export function currentCue(cues: readonly TimedSpan[], ms: number): number | null {
  let best: number | null = null;
  cues.forEach((cue, i) => {
    if (cue.startMs > ms) return;
    if (!(ms < cue.endMs || cue.endMs <= cue.startMs)) return;
    if (best === null || cue.startMs >= cues[best]!.startMs) best = i;
  });
  return best;
}

/**
 * The cue of the line `[from, to]`: the first cue starting on it, else the cue the line lies in
 * (a turn's further lines), else null.
 */
export function cueOfLine<C extends TimedSpan>(cues: readonly C[], from: number, to: number): C | null {
  return (
    cues.find((c) => c.start >= from && (c.start < to || c.start === from)) ??
    cues.find((c) => c.start <= from && from < c.end) ??
    null
  );
}

/**
 * Where playing a passage that starts at `startMs` stops: the end of the cue spoken then, or
 * where the next cue starts if that is sooner (a typed cue runs to the recording's end until a
 * later one takes over); null plays on.
 */
export function passageEndMs(cues: readonly TimedSpan[], startMs: number): number | null {
  const index = currentCue(cues, startMs);
  if (index === null) return null;
  const cue = cues[index]!;
  const ends = cues.map((c) => c.startMs).filter((ms) => ms > cue.startMs);
  if (cue.endMs > cue.startMs) ends.push(cue.endMs);
  return ends.length > 0 ? Math.min(...ends) : null;
}

/** A time as a transcript writes it: `[00:12:31]`. */
export function stampText(ms: number): string {
  return `[${formatTime(ms)}]`;
}

/**
 * What typing a timestamp at the cursor inserts: the stamp and a space. It stays on the cursor's
 * line when nothing but a speaker label (`Nurse: `) or white space comes before the cursor, and
 * starts a new line otherwise: each stamp then begins a turn, its time shows beside it, and the
 * label before it keeps the line a speaker turn (a line starting with `[00:…` is not one).
 * `stampOffset` is where the stamp starts within `insert`.
 */
export function stampInsertion(
  lineBeforeCursor: string,
  ms: number,
): { insert: string; stampOffset: number; stampLength: number } {
  const stamp = stampText(ms);
  const trimmed = lineBeforeCursor.trimEnd();
  const labelOnly = trimmed !== '' && speakerLabelLength(trimmed) === trimmed.length;
  const lead = trimmed === '' ? '' : labelOnly ? (trimmed === lineBeforeCursor ? ' ' : '') : '\n';
  return { insert: `${lead}${stamp} `, stampOffset: lead.length, stampLength: stamp.length };
}

/**
 * The time of a code point `position` on the line `[lineStart, lineEnd)` by a transcript's cues:
 * the cue holding it; else the last cue starting on its line before it; else the first starting
 * on its line after it; else null. A timestamp typed while transcribing covers only itself, and
 * the turn around it (the speaker's label before it, the words after it) was spoken at its time.
 */
export function timeOfPosition(
  cues: readonly TimedSpan[],
  lineStart: number,
  lineEnd: number,
  position: number,
): number | null {
  const holding = cues.find((c) => c.start <= position && position < c.end);
  if (holding) return holding.startMs;
  const onLine = cues.filter((c) => c.start >= lineStart && c.start < Math.max(lineEnd, lineStart + 1));
  const before = onLine.filter((c) => c.start <= position);
  if (before.length > 0) return before.at(-1)!.startMs;
  return onLine.length > 0 ? onLine[0]!.startMs : null;
}

/**
 * The end of a cue typed at `startMs`: when the next cue in time starts, else the recording's end
 * (`durationMs`, when known), else `startMs` (not known yet: it lasts until a later cue starts).
 */
export function typedCueEndMs(
  cues: readonly TimedSpan[],
  startMs: number,
  durationMs: number | null,
): number {
  const later = cues.map((c) => c.startMs).filter((ms) => ms > startMs);
  if (later.length > 0) return Math.min(...later);
  if (durationMs !== null && Number.isFinite(durationMs) && durationMs > startMs)
    return Math.round(durationMs);
  return startMs;
}

/**
 * The player keys, as the player shows them: with `editing`, also the timestamp key. See the
 * transcript's keymap for what each does.
 */
export function recordingKeysHint(editing: boolean): string {
  const keys = 'Alt+K play/pause · Alt+J back 5 s · Alt+, Alt+. speed · Alt+G play this line';
  return editing ? `${keys} · Alt+T timestamp` : keys;
}
