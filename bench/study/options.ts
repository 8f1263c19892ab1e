/** The study's size as the benchmark's environment gives it. */
import { STUDY_DEFAULTS, type StudyOptions } from './generate.ts';

/**
 * The study's size and seed from `STUDY_DOCUMENTS`, `STUDY_WORDS` and `STUDY_SEED`, each
 * defaulting to the study (`STUDY_DEFAULTS`) when unset or empty.
 *
 * @throws RangeError naming the variable when one is set but not an integer; `planStudy` checks
 *   the ranges.
 */
export function studyOptionsFrom(env: NodeJS.ProcessEnv): StudyOptions {
  const int = (name: string, fallback: number): number => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new RangeError(`${name} must be an integer (got ${value})`);
    return n;
  };
  return {
    documents: int('STUDY_DOCUMENTS', STUDY_DEFAULTS.documents),
    words: int('STUDY_WORDS', STUDY_DEFAULTS.words),
    seed: int('STUDY_SEED', STUDY_DEFAULTS.seed),
  };
}
