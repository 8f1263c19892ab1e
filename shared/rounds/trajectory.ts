/**
 * The trajectory of a project's rounds: per round the pooled figures and each code's figure in the
 * target's measure, whether it reaches the target, and the codebook changes made before the round
 * (so a team sees which revisions helped). Pure: the rounds, their reports and the diffs in.
 */
import type { AgreementReport } from '../agreement/report.ts';
import type { Target, TargetMeasure } from '../schemas.ts';
import { codeValue, pooledValue, reaches } from './target.ts';
import type { Round, Trajectory, TrajectoryRound, VersionDiff } from './schemas.ts';

export type { Trajectory, TrajectoryRound, VersionDiff };

/** One round as the trajectory takes it in. */
export interface TrajectoryInput {
  round: Round;
  /** Its report: frozen when closed, live when open. */
  report: AgreementReport;
  /** The diff from the previous round's closing version to this round's starting one; null for the first. */
  changesBefore: VersionDiff | null;
}

/** The measure the per-code values are given in when the project has no target. */
export const DEFAULT_MEASURE: TargetMeasure = 'cohenKappa';

/** Builds the trajectory, rounds in the order given (oldest first). */
export function trajectory(rounds: readonly TrajectoryInput[], target: Target | null): Trajectory {
  const measure = target?.measure ?? DEFAULT_MEASURE;
  return {
    target,
    rounds: rounds.map(({ round, report, changesBefore }) => ({
      id: round.id,
      name: round.name,
      status: round.status,
      startedAt: round.startedAt,
      closedAt: round.closedAt,
      blind: round.blind,
      documents: round.documents.length,
      coders: round.coders.length,
      pooled: {
        cohenKappa: pooledValue(report.overall, 'cohenKappa'),
        krippendorffAlpha: pooledValue(report.overall, 'krippendorffAlpha'),
        gwetAC1: pooledValue(report.overall, 'gwetAC1'),
        percentAgreement: report.overall.percentAgreement,
      },
      codes: report.codes.map((code) => {
        const value = codeValue(code, measure, report.pairs);
        return { codeId: code.code, name: code.name, value, reaches: reaches(value, target) };
      }),
      codebookChangesBefore: changesBefore,
    })),
  };
}
