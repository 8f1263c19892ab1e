/** A coding placed on the transcript as the editor counts: UTF-16 offsets, half-open. */
export interface ViewCoding {
  id: string;
  /** The layer: a coder's id or `consensus`. */
  coder: string;
  codeId: string;
  from: number;
  to: number;
  memo: string;
  author: string;
  createdAt: string;
  updatedAt: string;
}

/** Codings that cover a position, or overlap a range (a collapsed range: those covering its point). */
export function codingsAt(codings: readonly ViewCoding[], from: number, to: number = from): ViewCoding[] {
  if (from === to) return codings.filter((c) => c.from <= from && from < c.to);
  return codings.filter((c) => c.from < to && from < c.to);
}
