/**
 * The words a codebook version recorded by a round carries, shared by the server (which stores
 * them as the version's note) and the History list (which shows why a version exists). The
 * round's name is quoted as the owner typed it: "Start of round “Pilot 1”".
 */
import type { VersionReason } from './schemas.ts';

/** Why a version exists, in words: "Start of round “Pilot 1”", "End of round “Pilot 1”", …. */
export function versionReasonText(reason: VersionReason, roundName: string | null): string {
  const round = roundName === null ? 'a round' : `round “${roundName}”`;
  if (reason === 'round-start') return `Start of ${round}`;
  if (reason === 'round-close') return `End of ${round}`;
  return 'Recorded by hand';
}

/** Notes stored by earlier versions of Concord: `round "Pilot 1" started` / `… closed`. */
const LEGACY_NOTE = /^round "(.*)" (started|closed)$/s;

/**
 * A version's note as the History list shows it: a note written by a round, also in the older
 * form, reads like the reason ("End of round “Pilot 1”"); notes people wrote are kept as written.
 */
export function versionNoteText(note: string): string {
  const legacy = LEGACY_NOTE.exec(note);
  if (!legacy) return note;
  return versionReasonText(legacy[2] === 'started' ? 'round-start' : 'round-close', legacy[1]!);
}
