/**
 * Running sums of the pattern tables of a project's documents, so a report after one coding
 * merges one document's tables instead of every document's. Pattern tables are additive
 * (patterns.ts), so a document whose partial changed is taken out (its weights added with
 * factor −1) and its new partial added. Weights are counts of units or lengths in code points,
 * whole numbers, so taking out is exact and the tables built are the ones
 * {@link mergePatternTables} would build from scratch (both order patterns by key). Should a
 * weight ever not be a whole number, the sums say so ({@link RunningTables.exact}) and the caller
 * merges from scratch instead.
 */
import type { AgreementContext } from './context.ts';
import type { DocumentPartial } from './document.ts';
import { PatternTableBuilder, type PatternTable } from './patterns.ts';

/** Every code's and every exclusive group's table, summed over documents (context order). */
export interface MergedTables {
  readonly codes: readonly PatternTable[];
  readonly groups: readonly PatternTable[];
}

/** Running per-code and per-group sums over a set of documents' partials of one context. */
export class RunningTables {
  readonly fingerprint: string;
  readonly #codes: PatternTableBuilder[];
  readonly #groups: PatternTableBuilder[];
  readonly #byDocument = new Map<string, DocumentPartial>();
  #exact = true;

  constructor(ctx: AgreementContext) {
    const m = ctx.coders.length;
    this.fingerprint = ctx.fingerprint;
    this.#codes = ctx.codes.map(() => new PatternTableBuilder(m, 2));
    this.#groups = ctx.groups.map((g) => new PatternTableBuilder(m, g.codeIndices.length + 1));
  }

  /** Whether every weight so far was a whole number (else the sums may carry rounding). */
  get exact(): boolean {
    return this.#exact;
  }

  /**
   * Makes the sums those of exactly `partials` (one per document): documents whose partial is
   * the same object as before cost nothing, changed ones are swapped, missing ones taken out.
   * Throws `RangeError` for a partial of another context.
   */
  sync(partials: readonly DocumentPartial[]): void {
    const present = new Set<string>();
    for (const partial of partials) {
      if (partial.fingerprint !== this.fingerprint)
        throw new RangeError(`partial of '${partial.document}' belongs to another context`);
      present.add(partial.document);
      const old = this.#byDocument.get(partial.document);
      if (old === partial) continue;
      if (old) this.#add(old, -1);
      this.#add(partial, 1);
      this.#byDocument.set(partial.document, partial);
    }
    for (const [document, old] of this.#byDocument) {
      if (present.has(document)) continue;
      this.#add(old, -1);
      this.#byDocument.delete(document);
    }
  }

  /** The summed tables, as `mergePatternTables` over the current partials would give them. */
  tables(): MergedTables {
    return { codes: this.#codes.map((b) => b.build()), groups: this.#groups.map((b) => b.build()) };
  }

  #add(partial: DocumentPartial, times: 1 | -1): void {
    const check = (table: PatternTable) => {
      if (this.#exact && !table.weights.every(Number.isInteger)) this.#exact = false;
    };
    partial.codes.forEach((table, c) => {
      check(table);
      this.#codes[c]!.addTable(table, times);
    });
    partial.groups.forEach((group, g) => {
      check(group.table);
      this.#groups[g]!.addTable(group.table, times);
    });
  }
}
