/**
 * Runs a user's regular expression over texts under a time limit. JavaScript cannot stop a
 * regular expression from outside once it runs, and a pattern like `(a+)+$` takes exponential
 * time; V8 can interrupt a script run through `node:vm` with a timeout, regular expressions
 * included, so the scan runs there. The texts are passed by reference (same isolate, no copy).
 */
import vm from 'node:vm';
import { AppError } from '../../shared/errors.ts';

/** Defaults: at most 2 s of matching per search, and at most 100,000 matches counted. */
export const REGEX_BUDGET_MS = 2000;
export const REGEX_MAX_MATCHES = 100_000;

// Inside the context: every non-empty match's UTF-16 span, as [text index, from, to] triples.
const SCAN = new vm.Script(`
  (() => {
    const out = [];
    outer: for (let d = 0; d < texts.length; d++) {
      const text = texts[d];
      const re = new RegExp(source, flags);
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (m[0].length === 0) {
          re.lastIndex += (text.codePointAt(re.lastIndex) ?? 0) > 0xffff ? 2 : 1;
          continue;
        }
        out.push(d, m.index, m.index + m[0].length);
        if (out.length >= max * 3) break outer;
      }
    }
    return out;
  })()
`);

/**
 * The UTF-16 spans of `pattern`'s non-empty matches in each text (by text), at most `maxMatches`
 * in all (the rest are not counted). Throws `validation` at the field `q` when the time runs out.
 */
export function scanWithBudget(
  texts: readonly string[],
  pattern: RegExp,
  options: { budgetMs?: number; maxMatches?: number } = {},
): [number, number][][] {
  const { budgetMs = REGEX_BUDGET_MS, maxMatches = REGEX_MAX_MATCHES } = options;
  const flags = pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`;
  const context = vm.createContext({ texts, source: pattern.source, flags, max: maxMatches });
  let flat: number[];
  try {
    flat = SCAN.runInContext(context, { timeout: budgetMs }) as number[];
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw err;
    const message = `the pattern took longer than ${budgetMs} ms to search; make it more specific (nested repetition such as (a+)+ is slow)`;
    throw new AppError('validation', 'invalid search query', [{ path: ['q'], message, code: 'custom' }]);
  }
  const spans: [number, number][][] = texts.map(() => []);
  for (let i = 0; i + 2 < flat.length; i += 3) spans[flat[i]!]!.push([flat[i + 1]!, flat[i + 2]!]);
  return spans;
}
