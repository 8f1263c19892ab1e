/**
 * How the rounds, assignments and codebook-history views read and write their data. Pure: the
 * start-round form becomes the request body (or the problems to show at each field), a codebook
 * diff becomes sentences, a target becomes its bands in words, a trajectory's values are judged
 * against the target.
 */
import { interpretAlpha, interpretKappa } from '../../../shared/agreement/interpret.ts';
import { sampleDocuments, type Sample, type SampleCandidate } from '../../../shared/rounds/sample.ts';
import type { CodebookDiff, Target, TargetMeasure, TrajectoryRound } from '../api/roundsSchemas.ts';

/** What the "Start a round" form holds. */
export interface StartRoundForm {
  name: string;
  blind: boolean;
  coders: readonly string[];
  /** Pick documents by hand, or draw a sample. */
  mode: 'pick' | 'sample';
  documents: readonly string[];
  /** Sample size as a percentage of the eligible documents, or a number of documents. */
  sizeKind: 'percent' | 'count';
  /** The size as typed (percent or count). */
  size: string;
  seed: string;
  /** Attribute name, or '' for no strata. */
  stratifyBy: string;
  includeSampled: boolean;
  /**
   * Draw from documents the round's coders have already coded or marked done too (default off:
   * coding made before the round was not blind).
   */
  includeCoded?: boolean;
  /** Coders code the documents again in a fresh layer, for intra-coder agreement (default off). */
  recode?: boolean;
}

/** `POST …/rounds` body. */
export interface StartRoundBody {
  name: string;
  blind: boolean;
  coders: string[];
  documents?: string[];
  sample?: {
    fraction?: number;
    count?: number;
    seed: number;
    stratifyBy?: string;
    includeSampled: boolean;
    /** Sent only when on. */
    includeCoded?: true;
  };
  /** Sent only when on: each coder recodes the documents in a fresh layer. */
  recode?: true;
}

/** A form field a problem is shown at. */
export type StartRoundField = 'name' | 'coders' | 'documents' | 'size' | 'seed';

/**
 * Checks the form and builds the request: either `{ body }`, or `{ errors }` with one plain
 * sentence per field at fault.
 */
export function startRoundBody(
  form: StartRoundForm,
): { body: StartRoundBody } | { errors: Partial<Record<StartRoundField, string>> } {
  const errors: Partial<Record<StartRoundField, string>> = {};
  const name = form.name.trim();
  if (name === '') errors.name = 'Give the round a name, e.g. “Pilot”.';
  // A recode round compares each coder with themselves: one coder is enough.
  if (form.recode && form.coders.length < 1)
    errors.coders = 'Choose at least one coder to code these documents again.';
  else if (!form.recode && form.coders.length < 2)
    errors.coders = 'Choose at least two coders: agreement needs two.';
  let documents: string[] | undefined;
  let sample: StartRoundBody['sample'];
  if (form.mode === 'pick') {
    if (form.documents.length === 0) errors.documents = 'Choose the documents the round codes.';
    else documents = [...form.documents];
  } else {
    const size = Number(form.size);
    const seed = Number(form.seed);
    if (form.sizeKind === 'percent') {
      if (form.size.trim() === '' || !Number.isFinite(size) || size <= 0 || size > 100)
        errors.size = 'Give a share between 1 and 100 percent.';
    } else if (form.size.trim() === '' || !Number.isInteger(size) || size < 1) {
      errors.size = 'Give a whole number of documents, at least 1.';
    }
    if (form.seed.trim() === '' || !Number.isSafeInteger(seed))
      errors.seed = 'The seed is a whole number; press “New seed” for one.';
    if (!errors.size && !errors.seed) {
      sample = {
        // Percentages are taken to nine decimals of the fraction, as the server rounds them.
        ...(form.sizeKind === 'percent' ? { fraction: Math.round(size * 1e7) / 1e9 } : { count: size }),
        seed,
        ...(form.stratifyBy ? { stratifyBy: form.stratifyBy } : {}),
        includeSampled: form.includeSampled,
        ...(form.includeCoded ? { includeCoded: true as const } : {}),
      };
    }
  }
  if (Object.keys(errors).length > 0) return { errors };
  return {
    body: {
      name,
      blind: form.blind,
      coders: [...form.coders],
      ...(documents ? { documents } : {}),
      ...(sample ? { sample } : {}),
      ...(form.recode ? { recode: true as const } : {}),
    },
  };
}

/**
 * A fresh seed from a source of uniform numbers in [0, 1): six digits, short enough to write in
 * the methods section and to type again.
 */
export function newSeed(random: () => number): number {
  return 100_000 + Math.floor(random() * 900_000);
}

/** A date (and time) as researchers read it, in the reader's locale, e.g. "3 March 2026, 14:05". */
export function formatDate(iso: string | null, locale?: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(locale, { dateStyle: 'long', timeStyle: 'short' });
}

/** The note beside a closed round's figures. */
export function frozenNote(closedAt: string, locale?: string): string {
  return `Frozen on ${formatDate(closedAt, locale)}, figures will not change.`;
}

/** One change of a codebook diff, as a sentence. */
export interface DiffLine {
  kind: 'added' | 'removed' | 'merged' | 'renamed' | 'moved' | 'redefined';
  text: string;
}

const FIELD_WORDS: Record<string, string> = {
  description: 'definition',
  inclusion: 'inclusion criteria',
  exclusion: 'exclusion criteria',
  examples: 'example quotes',
};

/**
 * The changes between two codebook versions as sentences, in the order a reader wants them:
 * renames and merges first (they explain "removed" codes), then added, removed, moved, redefined.
 * `names` gives the current names of parent codes by id (a moved code's old and new theme).
 */
export function diffLines(diff: CodebookDiff, names: ReadonlyMap<string, string> = new Map()): DiffLine[] {
  const parent = (id: string | null) => (id === null ? 'the top level' : `“${names.get(id) ?? id}”`);
  return [
    ...diff.renamed.map((r) => ({ kind: 'renamed' as const, text: `Renamed “${r.from}” to “${r.to}”` })),
    ...diff.merged.map((m) => ({
      kind: 'merged' as const,
      text: `Merged “${m.name}” into “${m.into.name}”`,
    })),
    ...diff.added.map((a) => ({ kind: 'added' as const, text: `Added “${a.name}”` })),
    ...diff.removed.map((r) => ({ kind: 'removed' as const, text: `Removed “${r.name}”` })),
    ...diff.moved.map((m) => ({
      kind: 'moved' as const,
      text: `Moved “${m.name}” from ${parent(m.fromParentId)} to ${parent(m.toParentId)}`,
    })),
    ...diff.redefined.map((r) => ({
      kind: 'redefined' as const,
      text: `Changed the ${r.changes.map((c) => FIELD_WORDS[c.field] ?? c.field).join(', ')} of “${r.name}”`,
    })),
  ];
}

/** The number of changes in a diff. */
export function diffSize(diff: CodebookDiff): number {
  return (
    diff.added.length +
    diff.removed.length +
    diff.merged.length +
    diff.renamed.length +
    diff.moved.length +
    diff.redefined.length
  );
}

/** How each target measure is named on the page. */
export const MEASURE_LABELS: Record<TargetMeasure, string> = {
  cohenKappa: "Cohen's κ",
  fleissKappa: "Fleiss' κ",
  krippendorffAlpha: "Krippendorff's α",
  gwetAC1: "Gwet's AC1",
};

/**
 * The bands a value falls in, in words, with their source: Krippendorff's for α, Landis & Koch's
 * for the κ family (AC1 is read on the same scale, as Gwet (2014) benchmarks it).
 */
export function targetBand(target: Target): string {
  const band =
    target.measure === 'krippendorffAlpha' ? interpretAlpha(target.value) : interpretKappa(target.value);
  return `${band.label} (${band.source})`;
}

/** The bands of a measure, described as a researcher reads them (shown beside the target). */
export function bandsInWords(measure: TargetMeasure): string {
  return measure === 'krippendorffAlpha'
    ? 'Krippendorff (2004): α ≥ 0.800 reliable; 0.667–0.800 tentative conclusions only; below 0.667 unreliable.'
    : 'Landis & Koch (1977): below 0 poor; 0–0.20 slight; 0.21–0.40 fair; 0.41–0.60 moderate; 0.61–0.80 substantial; 0.81–1 almost perfect.';
}

/** Checks a typed target value: a coefficient between -1 and 1. */
export function parseTargetValue(text: string): { value: number } | { error: string } {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < -1 || value > 1)
    return { error: 'Give a value between -1 and 1, e.g. 0.70.' };
  return { value };
}

/** The pooled figure of a trajectory round that answers the target's measure. */
export function pooledFor(round: TrajectoryRound, measure: TargetMeasure): number | null {
  switch (measure) {
    case 'krippendorffAlpha':
      return round.pooled.krippendorffAlpha;
    case 'gwetAC1':
      return round.pooled.gwetAC1;
    default:
      // The pooled κ stands for Cohen's (two coders) and Fleiss' (more) alike.
      return round.pooled.cohenKappa;
  }
}

/** One row of the trajectory's per-code table: the code and its value in each round. */
export interface CodeTrajectory {
  codeId: string;
  name: string;
  cells: { value: number | null; reaches: boolean | null }[];
}

/**
 * Per-code values across rounds, one row per code in the order codes first appear; a code absent
 * from a round (added later, merged away) has an empty cell there.
 */
export function codeTrajectories(rounds: readonly TrajectoryRound[]): CodeTrajectory[] {
  const rows = new Map<string, CodeTrajectory>();
  rounds.forEach((round, i) => {
    for (const code of round.codes) {
      let row = rows.get(code.codeId);
      if (!row) {
        row = {
          codeId: code.codeId,
          name: code.name,
          cells: rounds.map(() => ({ value: null, reaches: null })),
        };
        rows.set(code.codeId, row);
      }
      row.name = code.name;
      row.cells[i] = { value: code.value, reaches: code.reaches };
    }
  });
  return [...rows.values()];
}

/** One coder's load for the workload table, with their name and share done. */
export interface WorkloadRow {
  coderId: string;
  name: string;
  assigned: number;
  done: number;
  /** 0–1; 0 when nothing is assigned. */
  share: number;
}

/** Workload rows in name order. */
export function workloadRows(
  workload: readonly { coderId: string; assigned: number; done: number }[],
  name: (id: string) => string,
): WorkloadRow[] {
  return workload
    .map((w) => ({ ...w, name: name(w.coderId), share: w.assigned === 0 ? 0 : w.done / w.assigned }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Attribute names present on any document, sorted: the strata a sample may be drawn by. */
export function attributeNames(documents: readonly { attributes: Record<string, string> }[]): string[] {
  return [...new Set(documents.flatMap((d) => Object.keys(d.attributes)))].sort();
}

/** `GET …/rounds/prior-coding`: who has already coded or marked done which document. */
export type PriorCoding = readonly { documentId: string; coders: readonly string[] }[];

/**
 * The documents the given coders have already coded or marked done, each with those of them who
 * did, in the order of `prior`. These are what a blind round cannot make blind again.
 */
export function codedByCoders(
  prior: PriorCoding,
  coders: readonly string[],
): { documentId: string; coders: string[] }[] {
  const chosen = new Set(coders);
  return prior
    .map((p) => ({ documentId: p.documentId, coders: p.coders.filter((c) => chosen.has(c)) }))
    .filter((p) => p.coders.length > 0);
}

/**
 * The warning shown before a round takes in documents its coders have already coded, or null:
 * e.g. “Interview 2 has already been coded by Bea, before this round. …”. Recode rounds are meant
 * for coded documents and get none.
 */
export function codedBeforeWarning(
  form: Pick<StartRoundForm, 'blind' | 'coders' | 'recode'>,
  documents: readonly string[],
  prior: PriorCoding,
  title: (documentId: string) => string,
  name: (userId: string) => string,
): string | null {
  if (form.recode) return null;
  const wanted = new Set(documents);
  const coded = codedByCoders(prior, form.coders).filter((p) => wanted.has(p.documentId));
  if (coded.length === 0) return null;
  const list = coded.map((p) => `${title(p.documentId)} (by ${p.coders.map(name).join(' and ')})`);
  const what =
    coded.length === 1
      ? `${list[0]!} has already been coded or marked done, before this round.`
      : `${list.slice(0, -1).join(', ')} and ${list.at(-1)!} have already been coded or marked done, before this round.`;
  return form.blind
    ? `${what} That coding was not made blind: the round’s methods text will say so, and claim blindness only for the other documents.`
    : `${what} The round’s methods text will say so.`;
}

/**
 * The sample the server will draw for this form, computed with the same function
 * (shared/rounds/sample.ts) over the same documents — so the preview is the draw, not a guess —
 * or null when the form does not describe a valid sample yet. Documents of earlier rounds, and
 * documents the form's coders have already coded (`prior`), are left out unless the form
 * includes them, as the server does; recode rounds draw from coded documents.
 */
export function previewSample(
  form: StartRoundForm,
  documents: readonly SampleCandidate[],
  rounds: readonly { documents: readonly string[] }[],
  prior: PriorCoding = [],
): Sample | null {
  if (form.mode !== 'sample') return null;
  const checked = startRoundBody({ ...form, name: form.name.trim() || 'preview', coders: ['a', 'b'] });
  const spec = 'body' in checked ? checked.body.sample : undefined;
  if (!spec) return null;
  const exclude = new Set(spec.includeSampled ? [] : rounds.flatMap((r) => r.documents));
  if (!form.includeCoded && !form.recode)
    for (const p of codedByCoders(prior, form.coders)) exclude.add(p.documentId);
  const size = spec.count !== undefined ? { count: spec.count } : { fraction: spec.fraction! };
  return sampleDocuments(documents, { ...size, seed: spec.seed, stratifyBy: spec.stratifyBy, exclude });
}
