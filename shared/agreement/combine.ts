import {
  bootstrapReplicates,
  documentResampler,
  percentileInterval,
  unitResampler,
  type CiValue,
} from './bootstrap.ts';
import type { MergedTables } from './running.ts';
import type { AgreementContext } from './context.ts';
import type { DocumentPartial, FamilyPiece } from './document.ts';
import { AppError } from '../errors.ts';
import {
  coreMeasures,
  fullMeasures,
  keyedPairs,
  type CoderPair,
  type CoreMeasures,
  type FullMeasures,
} from './measures.ts';
import { mergePatternTables, reweighted, type PatternTable } from './patterns.ts';
import {
  field,
  pairField,
  type AgreementReport,
  type CodeReport,
  type GroupReport,
  type OverallCi,
  type OverallReport,
  type VariableCi,
  type VariableReport,
} from './report.ts';
import { addDecisions, holsti, type HolstiDecisions } from './holsti.ts';
import { pairContingency } from './contingency.ts';
import { gwetAC1Table } from './gwet.ts';
import { Rng } from './rng.ts';
import { meanOfDefined, undefinedStat, type Stat } from './stat.ts';
import { pooledOver, UNITIZING_ONLY } from './summary.ts';
import { alphaU, overallAlphaU, type AlphaUResult } from './unitizing.ts';
import { addFamilyPartials, familyAlphas, type FamilyPartial, type FamilyResult } from './unitizingFamily.ts';

function variableReport(measures: FullMeasures, pairs: readonly CoderPair[]): VariableReport {
  return {
    units: measures.units,
    unitsComplete: measures.unitsComplete,
    ...field('percentAgreement', measures.percentAgreement),
    ...field('percentAgreementPairable', measures.percentAgreementPairable),
    ...pairField(
      'cohensKappa',
      pairs.map((p, i) => [p.key, measures.cohensKappa[i] ?? undefinedStat('no such pair')] as const),
    ),
    ...field('fleissKappa', measures.fleissKappa),
    ...field('krippendorffAlpha', measures.krippendorffAlpha),
    ...field('brennanPrediger', measures.brennanPrediger),
    ...field('congerKappa', measures.congerKappa),
    ...field('lightKappa', measures.lightKappa),
    ...field('gwetAC1', measures.gwetAC1),
    ...pairField(
      'gwetAC1ByPair',
      pairs.map((p, i) => [p.key, measures.gwetAC1ByPair[i] ?? undefinedStat('no such pair')] as const),
    ),
  };
}

/** A report section where the coding measures were not computed (unit of analysis: unitizing). */
function notComputed(pairs: readonly CoderPair[]): VariableReport {
  const none = undefinedStat(UNITIZING_ONLY);
  return {
    units: 0,
    unitsComplete: 0,
    ...field('percentAgreement', none),
    ...field('percentAgreementPairable', none),
    ...pairField(
      'cohensKappa',
      pairs.map((p) => [p.key, none] as const),
    ),
    ...field('fleissKappa', none),
    ...field('krippendorffAlpha', none),
    ...field('brennanPrediger', none),
    ...field('congerKappa', none),
    ...field('lightKappa', none),
    ...field('gwetAC1', none),
    ...pairField(
      'gwetAC1ByPair',
      pairs.map((p) => [p.key, none] as const),
    ),
  };
}

/** uα family over the unitized documents, or why it does not apply. */
function familyOver(pieces: readonly FamilyPiece[], values: number, coders: number): FamilyResult {
  const na = (reason: string): FamilyResult => {
    const s = undefinedStat(reason);
    return { uAlpha: s, uAlphaBinary: s, cuAlpha: s };
  };
  if (pieces.length === 0) return na('no document was completed by every coder');
  const partials: FamilyPartial[] = [];
  for (const p of pieces) {
    if ('violation' in p) {
      return na(`not applicable: each coder's segments must partition the continuum, but ${p.violation}`);
    }
    partials.push(p.partial);
  }
  return familyAlphas(addFamilyPartials(values, partials), coders);
}

/** Statistics computed in each bootstrap replicate, in a fixed order. */
function replicateVector(cores: readonly CoreMeasures[], overall: CoreMeasures, pooled: Stat): number[] {
  const v = (s: Stat): number => (s.value === null ? Number.NaN : s.value);
  const out: number[] = [];
  for (const c of cores) {
    out.push(v(c.percentAgreement), ...c.cohensKappa.map(v), v(c.fleissKappa), v(c.krippendorffAlpha));
    out.push(v(c.gwetAC1), ...c.gwetAC1ByPair.map(v));
  }
  out.push(v(pooled), v(overall.krippendorffAlpha), v(overall.percentAgreement), v(overall.gwetAC1));
  return out;
}

interface Intervals {
  variables: VariableCi[];
  overall: OverallCi;
}

/** Bootstrap intervals for every code and group, and for the overall figures. */
function intervals(
  ctx: AgreementContext,
  pairs: readonly CoderPair[],
  codeTables: readonly PatternTable[],
  groupTables: readonly PatternTable[],
  partials: readonly DocumentPartial[],
): Intervals | null {
  const ci = ctx.options.ci;
  if (!ci) return null;
  const m = ctx.coders.length;
  const tables = [...codeTables, ...groupTables];
  const resampler =
    ci.resample === 'units'
      ? unitResampler(tables)
      : documentResampler(
          tables,
          partials.map((p) => [...p.codes, ...p.groups.map((g) => g.table)]),
        );
  // Where each code's patterns land in the pooled (unit, code) table.
  const pooled = mergePatternTables(m, 2, codeTables);
  const pooledIndex = new Map(pooled.patterns.map((values, i) => [values.join(','), i]));
  const toPooled = codeTables.map((t) => t.patterns.map((values) => pooledIndex.get(values.join(',')) ?? 0));
  const columns = bootstrapReplicates(resampler, new Rng(ci.seed), ci.replicates, (weights) => {
    const cores = tables.map((t, i) => coreMeasures(reweighted(t, Array.from(weights[i] ?? [])), pairs));
    const pooledWeights = new Array<number>(pooled.patterns.length).fill(0);
    codeTables.forEach((_, c) => {
      const w = weights[c];
      toPooled[c]?.forEach((at, k) => (pooledWeights[at] = (pooledWeights[at] ?? 0) + (w?.[k] ?? 0)));
    });
    const overall = coreMeasures(reweighted(pooled, pooledWeights), []);
    const pooledKappa = pooledOver(cores.slice(0, codeTables.length).map((c) => c.terms));
    return replicateVector(cores, overall, pooledKappa);
  });
  let col = 0;
  const next = (): CiValue => percentileInterval(columns[col++] ?? new Float64Array(0), ci.level);
  const variables = tables.map((): VariableCi => {
    const percentAgreement = next();
    const cohensKappa: Record<string, CiValue> = {};
    for (const p of pairs) cohensKappa[p.key] = next();
    const fleissKappa = next();
    const krippendorffAlpha = next();
    const gwetAC1 = next();
    const gwetAC1ByPair: Record<string, CiValue> = {};
    for (const p of pairs) gwetAC1ByPair[p.key] = next();
    return { percentAgreement, cohensKappa, fleissKappa, krippendorffAlpha, gwetAC1, gwetAC1ByPair };
  });
  return {
    variables,
    overall: { pooledKappa: next(), krippendorffAlpha: next(), percentAgreement: next(), gwetAC1: next() },
  };
}

function describeUnit(ctx: AgreementContext): string {
  const { unit, segments, overlap } = ctx.options;
  if (unit === 'character') return 'characters (every code point is a unit; each code present/absent)';
  if (unit === 'unitizing') return 'unitizing (free segmentation; Krippendorff alpha_u)';
  const theta =
    overlap === 'any' || overlap === 0 ? 'any overlap' : `coverage of at least ${overlap} of the segment`;
  const what = segments === 'given' ? 'given segments' : `${segments}s`;
  return `segments: ${what} (a code applies to a segment on ${theta}; each code present/absent)`;
}

function caveats(ctx: AgreementContext, documentsUnitized: number, documentCount: number): string[] {
  // Written for the methods section, with the report's field names in brackets for scripts.
  const out = [
    'Percent agreement is, for each unit, the share of pairs of coders who made the same decision, averaged over units (percentAgreement); the share read off Krippendorff’s coincidence matrix is given too (percentAgreementPairable).',
    'The overall α counts each decision about one code in one unit as a separate yes/no item (overall.krippendorffAlpha); the pooled κ combines the codes as De Vries et al. (2008) describe (overall.pooledKappa); the average κ is the plain mean of the per-code values (averageKappa).',
  ];
  if (ctx.options.unit === 'character') {
    out.push(
      'Unit of analysis is the character: as in NVivo, text no coder coded counts as agreement on "absent", which inflates percent agreement (800 of 1,000 uncoded characters + 50 coded by both = 85%). Kappa and alpha correct for chance but adjacent characters are not independent.',
    );
  }
  if (documentsUnitized < documentCount) {
    out.push(
      `Unitizing agreement (α_u and the uα family) uses only the ${documentsUnitized} of ${documentCount} documents that every coder marked done.`,
    );
  }
  // Unitizing has no intervals (see combine): no note about intervals nobody computed.
  if (ctx.options.ci && ctx.options.unit !== 'unitizing') {
    out.push(
      ctx.options.ci.resample === 'units'
        ? 'Confidence intervals: percentile bootstrap over units, resampled independently per code (overall figures ignore the dependence between codes of one unit).'
        : 'Confidence intervals: percentile bootstrap over documents (cluster bootstrap).',
    );
  }
  return out;
}

/**
 * Assembles the report from per-document partials. Cheap: sums pattern tables and unitizing sums,
 * then computes the coefficients once. Every partial must come from {@link analyseDocument} with
 * this same context. `merged`, when given, must be the sums of exactly these partials' tables
 * (a {@link RunningTables}' `tables()` after `sync(partials)`); they are then not summed again.
 */
export function combine(
  ctx: AgreementContext,
  partials: readonly DocumentPartial[],
  merged?: MergedTables,
): AgreementReport {
  for (const p of partials) {
    if (p.fingerprint !== ctx.fingerprint) {
      throw new AppError(
        'internal',
        `partial of document '${p.document}' was computed with a different codebook, coder list or options`,
      );
    }
  }
  const m = ctx.coders.length;
  const pairs = keyedPairs(ctx.coders);
  const coding = ctx.options.unit !== 'unitizing';
  // Summed here unless the caller keeps running sums over exactly these partials (running.ts).
  const codeTables =
    merged?.codes ??
    ctx.codes.map((_, c) =>
      mergePatternTables(
        m,
        2,
        partials.flatMap((p) => p.codes[c] ?? []),
      ),
    );
  const groupTables =
    merged?.groups ??
    ctx.groups.map((g, gi) =>
      mergePatternTables(
        m,
        g.codeIndices.length + 1,
        partials.flatMap((p) => p.groups[gi]?.table ?? []),
      ),
    );
  const codeMeasures = coding ? codeTables.map((t) => fullMeasures(t, pairs, true)) : null;
  const groupMeasures = coding ? groupTables.map((t) => fullMeasures(t, pairs, false)) : null;
  const ci = coding ? intervals(ctx, pairs, codeTables, groupTables, partials) : null;

  const unitized = partials.flatMap((p) => (p.unitizing ? [p.unitizing] : []));
  const alphaUs: AlphaUResult[] = ctx.codes.map((_, c) =>
    alphaU(
      unitized.flatMap((u) => u.alphaU[c] ?? []),
      m,
    ),
  );

  const codes: CodeReport[] = ctx.codes.map((code, c) => {
    const measures = codeMeasures?.[c];
    const u = alphaUs[c];
    const base = measures ? variableReport(measures, pairs) : notComputed(pairs);
    const none = undefinedStat(UNITIZING_ONLY);
    const pairReports: CodeReport['pairs'] = {};
    const explanations: string[] = [];
    pairs.forEach((p, i) => {
      const pm = measures?.pairs[i];
      const paradox = pm?.paradox ?? null;
      if (paradox) explanations.push(pairs.length > 1 ? `${p.key}: ${paradox}` : paradox);
      pairReports[p.key] = {
        n: pm?.n ?? 0,
        table: pm?.table ?? [],
        paradox: paradox !== null,
        ...(paradox !== null ? { paradoxExplanation: paradox } : {}),
        ...field('gwetAC1', pm?.gwetAC1 ?? none),
        ...field('holsti', holstiOf(ctx, pm?.holsti ?? null, none)),
        ...field('percentAgreement', pm?.percentAgreement ?? none),
        ...field('cohensKappa', pm?.cohensKappa ?? none),
        ...field('scottsPi', pm?.scottsPi ?? none),
        ...field('brennanPrediger', pm?.brennanPrediger ?? none),
        ...field('pabak', pm?.brennanPrediger ?? none),
        ...field('positiveAgreement', pm?.positiveAgreement ?? none),
        ...field('negativeAgreement', pm?.negativeAgreement ?? none),
        ...field('prevalenceIndex', pm?.prevalenceIndex ?? none),
        ...field('biasIndex', pm?.biasIndex ?? none),
      };
    });
    const civ = ci?.variables[c];
    return {
      code: code.id,
      name: code.name,
      parent: code.parent,
      paradox: explanations.length > 0,
      ...(explanations.length > 0 ? { paradoxExplanation: explanations.join(' ') } : {}),
      ...base,
      ...field('positiveAgreement', measures?.positiveAgreement ?? none),
      ...field('negativeAgreement', measures?.negativeAgreement ?? none),
      ...field('alphaU', u?.alpha ?? undefinedStat('no such code')),
      alphaUObserved: u?.observed ?? null,
      alphaUExpected: u?.expected ?? null,
      pairs: pairReports,
      ...(civ ? { ci: civ } : {}),
    };
  });

  const groups: GroupReport[] = ctx.groups.map((g, gi) => {
    const measures = groupMeasures?.[gi];
    const fam = familyOver(
      unitized.flatMap((u) => u.groupFamilies[gi] ?? []),
      g.codeIndices.length,
      m,
    );
    const civ = ci?.variables[codeTables.length + gi];
    return {
      group: g.id,
      name: g.name,
      codes: [...g.codes],
      categories: ['(none)', ...g.codes],
      conflicts: partials.reduce((n, p) => n + (p.groups[gi]?.conflicts ?? 0), 0),
      ...(measures ? variableReport(measures, pairs) : notComputed(pairs)),
      ...field('uAlpha', fam.uAlpha),
      ...field('uAlphaBinary', fam.uAlphaBinary),
      ...field('cuAlpha', fam.cuAlpha),
      ...(civ ? { ci: civ } : {}),
    };
  });

  const fam = familyOver(
    unitized.map((u) => u.family),
    ctx.codes.length,
    m,
  );
  const overall = overallReport(ctx, pairs, codeTables, codeMeasures, alphaUs, fam, ci?.overall);
  const documentsPairable = partials.filter((p) => p.completed.length >= 2).length;
  const warnings = collectWarnings(ctx, partials, groups, documentsPairable);
  return {
    unit: ctx.options.unit,
    segmentation: ctx.options.unit === 'segment' ? ctx.options.segments : null,
    overlap: ctx.options.unit === 'segment' ? ctx.options.overlap : null,
    unitDescription: describeUnit(ctx),
    caveats: caveats(ctx, unitized.length, partials.length),
    coders: [...ctx.coders],
    pairs: pairs.map((p) => p.key),
    documentCount: partials.length,
    documentsPairable,
    documentsUnitized: unitized.length,
    codes,
    groups,
    overall,
    ...(ctx.options.perDocument ? { documents: partials.map((p) => p.summary) } : {}),
    ci: ctx.options.ci ?? null,
    warnings,
  };
}

const HOLSTI_SEGMENTS_ONLY =
  "not computed: Holsti's coefficient counts (segment, code) decisions and is reported for the segment unit only";

/** Holsti's CR of some decisions, or why it is not reported for this unit of analysis. */
function holstiOf(ctx: AgreementContext, decisions: HolstiDecisions | null, none: Stat): Stat {
  if (ctx.options.unit !== 'segment') return undefinedStat(HOLSTI_SEGMENTS_ONLY);
  return decisions ? holsti(decisions) : none;
}

function overallReport(
  ctx: AgreementContext,
  pairs: readonly CoderPair[],
  codeTables: readonly PatternTable[],
  codeMeasures: readonly FullMeasures[] | null,
  alphaUs: readonly AlphaUResult[],
  fam: FamilyResult,
  ci: OverallCi | undefined,
): OverallReport {
  const m = ctx.coders.length;
  const unitizing = {
    ...field('alphaU', overallAlphaU(alphaUs)),
    ...field('uAlpha', fam.uAlpha),
    ...field('uAlphaBinary', fam.uAlphaBinary),
    ...field('cuAlpha', fam.cuAlpha),
  };
  if (!codeMeasures) {
    const none = undefinedStat(UNITIZING_ONLY);
    return {
      items: 0,
      averageKappaTerms: 0,
      ...field('pooledKappa', none),
      ...pairField(
        'pooledKappaByPair',
        pairs.map((p) => [p.key, none] as const),
      ),
      ...field('averageKappa', none),
      ...pairField(
        'averageKappaByPair',
        pairs.map((p) => [p.key, none] as const),
      ),
      ...field('krippendorffAlpha', none),
      ...field('fleissKappa', none),
      ...field('percentAgreement', none),
      ...field('brennanPrediger', none),
      ...field('gwetAC1', none),
      ...pairField(
        'gwetAC1ByPair',
        pairs.map((p) => [p.key, none] as const),
      ),
      ...field('holsti', none),
      ...pairField(
        'holstiByPair',
        pairs.map((p) => [p.key, none] as const),
      ),
      ...unitizing,
    };
  }
  const pooledTable = mergePatternTables(m, 2, codeTables);
  const pooledItems = fullMeasures(pooledTable, [], true);
  const decisionsByPair = pairs.map((_, i) =>
    addDecisions(codeMeasures.flatMap((cm) => (cm.pairs[i]?.holsti ? [cm.pairs[i].holsti] : []))),
  );
  const noDecisions = undefinedStat('no coder pair rated a segment in common');
  const allKappas = codeMeasures.flatMap((cm) => cm.cohensKappa);
  const noKappa = 'no code has a defined kappa for any coder pair';
  return {
    items: pooledItems.units,
    averageKappaTerms: allKappas.filter((k) => k.value !== null).length,
    ...field('pooledKappa', pooledOver(codeMeasures.map((cm) => cm.terms))),
    ...pairField(
      'pooledKappaByPair',
      pairs.map((p, i) => [p.key, pooledOver(codeMeasures.map((cm) => [cm.terms[i] ?? null]))] as const),
    ),
    ...field('averageKappa', meanOfDefined(allKappas, noKappa)),
    ...pairField(
      'averageKappaByPair',
      pairs.map(
        (p, i) =>
          [
            p.key,
            meanOfDefined(
              codeMeasures.map((cm) => cm.cohensKappa[i] ?? undefinedStat(noKappa)),
              noKappa,
            ),
          ] as const,
      ),
    ),
    ...field('krippendorffAlpha', pooledItems.krippendorffAlpha),
    ...field('fleissKappa', pooledItems.fleissKappa),
    ...field('percentAgreement', pooledItems.percentAgreement),
    ...field('brennanPrediger', pooledItems.brennanPrediger),
    ...field('gwetAC1', pooledItems.gwetAC1),
    ...pairField(
      'gwetAC1ByPair',
      pairs.map((p) => [p.key, gwetAC1Table(pairContingency(pooledTable, p.first, p.second))] as const),
    ),
    ...field('holsti', holstiOf(ctx, pairs.length > 0 ? addDecisions(decisionsByPair) : null, noDecisions)),
    ...pairField(
      'holstiByPair',
      pairs.map((p, i) => [p.key, holstiOf(ctx, decisionsByPair[i] ?? null, noDecisions)] as const),
    ),
    ...unitizing,
    ...(ci ? { ci } : {}),
  };
}

function collectWarnings(
  ctx: AgreementContext,
  partials: readonly DocumentPartial[],
  groups: readonly GroupReport[],
  documentsPairable: number,
): string[] {
  const out: string[] = [];
  if (ctx.coders.length < 2) out.push('Agreement needs at least two coders.');
  const unpaired = partials.length - documentsPairable;
  if (unpaired > 0) {
    out.push(
      `${unpaired} document(s) were completed by fewer than two coders and contribute no coding units.`,
    );
  }
  const ignored = partials.reduce((n, p) => n + p.ignoredCodings, 0);
  if (ignored > 0) {
    out.push(
      `${ignored} coding(s) by coders who had not completed their document were ignored (those coders are missing there).`,
    );
  }
  const empty = partials.reduce((n, p) => n + p.emptyCodings, 0);
  if (empty > 0) out.push(`${empty} zero-length coding(s) were ignored.`);
  const foreign = partials.reduce((n, p) => n + p.foreignCodings, 0);
  if (foreign > 0) out.push(`${foreign} coding(s) by coders or of codes outside this analysis were ignored.`);
  const unit = ctx.options.unit === 'character' ? 'code point(s)' : 'unit(s)';
  for (const g of groups) {
    if (g.conflicts > 0) {
      out.push(
        `Exclusive group '${g.group}': on ${g.conflicts} ${unit} a coder applied several of its codes; the code with the largest coverage (then the first in group order) was used.`,
      );
    }
  }
  return out;
}
