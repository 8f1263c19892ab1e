/**
 * Recode rounds on the client (docs/rounds.md, "Recode rounds"). Pure: which layer a coder writes
 * when they open a document of an open recode round, which layers the coding view opens then, and
 * each coder's intra-coder figures as rows for the round report.
 *
 * The server lets a coder read their own first layer during a recode round (it cannot hide what
 * they wrote from them); hiding it is the coding view's part, decided here.
 */
import { recodeLayerKey } from '../../../shared/protocol.ts';
import type { ReportView } from '../api/agreementSchemas.ts';
import { reasonFor } from './agreementView.ts';

/** The parts of a round (`GET …/rounds`) that decide recoding. */
export interface RecodeRoundFacts {
  id: string;
  name: string;
  recode: boolean;
  status: 'open' | 'closed';
  coders: readonly string[];
  documents: readonly string[];
}

/** A coder recoding a document: the round asking for it and the layer key they write. */
export interface Recoding {
  roundId: string;
  roundName: string;
  /** `<coderId>~<roundId>`: the layer the coder writes instead of their own. */
  layer: string;
}

/**
 * Whether `userId` recodes `documentId` now: they are a coder of an open round with `recode` that
 * holds the document. Null otherwise (not a coder of it, another document, the round closed).
 * At most one round is open at a time; the first open one found is taken regardless.
 */
export function recodingFor(
  rounds: readonly RecodeRoundFacts[],
  userId: string,
  documentId: string,
): Recoding | null {
  const round = rounds.find(
    (r) => r.status === 'open' && r.recode && r.coders.includes(userId) && r.documents.includes(documentId),
  );
  return round ? { roundId: round.id, roundName: round.name, layer: recodeLayerKey(userId, round.id) } : null;
}

/**
 * The layers the coding view opens: those the access rules let the user see, with the user's own
 * layer replaced by their recode layer while they recode (in its place, so the list keeps its
 * order). Their earlier codings are then neither shown nor loaded into the browser.
 */
export function layersWhileRecoding(
  visible: readonly string[],
  userId: string,
  recoding: Recoding | null,
): string[] {
  if (!recoding) return [...visible];
  const at = visible.indexOf(userId);
  const rest = visible.filter((l) => l !== userId && l !== recoding.layer);
  if (at < 0) return [...rest, recoding.layer];
  rest.splice(at, 0, recoding.layer);
  return rest;
}

/** The banner above a document the user is recoding. */
export function recodeBanner(roundName: string): string {
  return `Recoding for round ‘${roundName}’: your earlier codings of this document are hidden until the round closes.`;
}

/** One coder's intra-coder figures as the round report shows them. */
export interface IntraCoderRow {
  coderId: string;
  name: string;
  recodeLayer: string;
  /** Documents with both the first and the recode layer marked done. */
  documentsPairable: number;
  documentCount: number;
  percentAgreement: number | null;
  /** Cohen's κ of the two codings (two raters: the pooled κ is Cohen's). */
  kappa: number | null;
  gwetAC1: number | null;
  krippendorffAlpha: number | null;
  /** Why κ is missing, from the report's null reasons, when it is. */
  kappaReason: string | null;
}

/**
 * Rows of the intra-coder table, one per coder in name order, from the round report's
 * `intraCoder` (per coder id: `{ recodeLayer, report }`). `name` gives a coder's display name.
 */
export function intraCoderRows(
  intraCoder: Readonly<Record<string, { recodeLayer: string; report: ReportView }>>,
  name: (coderId: string) => string,
): IntraCoderRow[] {
  return Object.entries(intraCoder)
    .map(([coderId, { recodeLayer, report }]) => {
      const o = report.overall;
      return {
        coderId,
        name: name(coderId),
        recodeLayer,
        documentsPairable: report.documentsPairable,
        documentCount: report.documentCount,
        percentAgreement: o.percentAgreement,
        kappa: o.pooledKappa,
        gwetAC1: o.gwetAC1 ?? null,
        krippendorffAlpha: o.krippendorffAlpha,
        kappaReason: o.pooledKappa === null ? reasonFor(o, 'pooledKappa') || null : null,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.coderId.localeCompare(b.coderId));
}
