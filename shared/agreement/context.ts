import { AppError } from '../errors.ts';
import { keyedPairs, type CoderPair } from './measures.ts';
import { AgreementOptionsSchema, type AgreementOptions, type AgreementOptionsInput } from './options.ts';

/** The codebook and coders an analysis is about (documents come separately). */
export interface AgreementSetup {
  readonly coders: readonly string[];
  readonly codes: readonly {
    readonly id: string;
    readonly name: string;
    readonly parent?: string | undefined;
  }[];
  readonly exclusiveGroups?:
    | readonly {
        readonly id: string;
        readonly name?: string | undefined;
        readonly codes: readonly string[];
      }[]
    | undefined;
}

/** An exclusive code group, resolved to code indices. */
export interface ResolvedGroup {
  readonly id: string;
  readonly name: string;
  readonly codes: readonly string[];
  readonly codeIndices: readonly number[];
}

/**
 * Everything a per-document analysis depends on besides the document itself. Partials made with
 * different contexts must not be combined; `fingerprint` lets {@link combine} check that.
 */
export interface AgreementContext {
  readonly coders: readonly string[];
  readonly codes: readonly { readonly id: string; readonly name: string; readonly parent: string | null }[];
  readonly groups: readonly ResolvedGroup[];
  readonly options: AgreementOptions;
  readonly coderIndex: ReadonlyMap<string, number>;
  readonly codeIndex: ReadonlyMap<string, number>;
  /** Coder pairs ordered by key, made once for every document analysed with this context. */
  readonly pairs: readonly CoderPair[];
  /** Identifies coders, codebook and the options that shape a document's partial. */
  readonly fingerprint: string;
}

function invalid(path: (string | number)[], message: string): AppError {
  return new AppError('validation', message, [{ path, message }]);
}

function indexOf(ids: readonly string[], what: string): Map<string, number> {
  const map = new Map<string, number>();
  ids.forEach((id, i) => {
    if (map.has(id)) throw invalid([what, i], `duplicate ${what} id '${id}'`);
    map.set(id, i);
  });
  return map;
}

/** Resolves the codebook, coders and options once for many documents. */
export function createAgreementContext(
  setup: AgreementSetup,
  options: AgreementOptionsInput = {},
): AgreementContext {
  const parsed = AgreementOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new AppError(
      'validation',
      'invalid agreement options',
      parsed.error.issues.map((issue) => ({
        path: ['options', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
        message: issue.message,
        code: issue.code,
      })),
    );
  }
  const coderIndex = indexOf(setup.coders, 'coders');
  for (const c of setup.coders) {
    if (c.includes('|')) {
      throw invalid(['coders'], `coder id '${c}' contains "|" (used in pair keys)`);
    }
  }
  const codeIndex = indexOf(
    setup.codes.map((c) => c.id),
    'codes',
  );
  const groups = (setup.exclusiveGroups ?? []).map((g, i): ResolvedGroup => {
    const codeIndices = g.codes.map((code, j) => {
      const at = codeIndex.get(code);
      if (at === undefined) {
        throw invalid(
          ['exclusiveGroups', i, 'codes', j],
          `exclusive group '${g.id}' lists unknown code '${code}'`,
        );
      }
      return at;
    });
    return { id: g.id, name: g.name ?? g.id, codes: [...g.codes], codeIndices };
  });
  const opts = parsed.data;
  const fingerprint = JSON.stringify({
    coders: setup.coders,
    codes: setup.codes.map((c) => c.id),
    groups: groups.map((g) => g.codes),
    unit: opts.unit,
    segments: opts.unit === 'segment' ? opts.segments : null,
    overlap: opts.unit === 'segment' ? opts.overlap : null,
  });
  return {
    coders: [...setup.coders],
    codes: setup.codes.map((c) => ({ id: c.id, name: c.name, parent: c.parent ?? null })),
    groups,
    options: opts,
    coderIndex,
    codeIndex,
    pairs: keyedPairs(setup.coders),
    fingerprint,
  };
}
