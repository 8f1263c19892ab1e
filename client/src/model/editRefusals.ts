/**
 * What the coding view says when a transcript edit is too large for the server, or when the server
 * has stopped taking a transcript's changes because its room is full. Pure.
 */
import type { EditRefusal } from '../editor/editSize.ts';

/** Bytes as people read them: "17.0 MiB", "512 KiB". */
export function formatMiB(bytes: number): string {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

/** The notice of an edit refused before it was made. */
export function editRefusalText(refusal: EditRefusal): string {
  if (refusal.kind === 'edit') {
    return `That edit was not made: it is ${formatMiB(refusal.bytes)}, and the server takes at most ${formatMiB(
      refusal.limit,
    )} in one edit. Add long text in smaller parts, or import it as a document.`;
  }
  return `That edit was not made: the transcript would grow to ${formatMiB(
    refusal.bytes,
  )}, and the server keeps transcripts of at most ${formatMiB(refusal.limit)} (about ${formatMiB(
    refusal.allowed,
  )} of text, leaving room for its records of the edits). Split long material into several documents.`;
}

/**
 * The notice at a transcript the server stopped taking changes for (`roomTooLarge`), with
 * `maxRoomBytes` when known. The offer to discard this browser's copy follows it.
 */
export function roomFullText(maxRoomBytes: number | null): string {
  const limit = maxRoomBytes === null ? '' : ` (at most ${formatMiB(maxRoomBytes)})`;
  return `The server stopped saving this transcript: the changes made in this browser would make it larger than the server keeps${limit}. They are not saved, and nobody else sees them; later edits here would not be saved either.`;
}
