import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The published worked examples (a copy of shared/agreement-examples, formatted by prettier; the
 * known-answer test checks the copy against the original when it is present).
 */
export const EXAMPLES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'examples');

const Value = z.union([z.number(), z.string()]);

export const CodingExampleSchema = z.object({
  name: z.string(),
  source: z.string(),
  categories: z.array(Value),
  coders: z.array(z.string()).optional(),
  units: z.array(z.array(Value.nullable())).optional(),
  table: z.array(z.array(z.number())).optional(),
  counts: z.array(z.array(z.number())).optional(),
  pooled: z.record(z.string(), z.array(z.array(Value.nullable()))).optional(),
  expected: z.record(z.string(), z.number()),
  tolerance: z.number().positive(),
  notes: z.string().optional(),
});
export type CodingExample = z.infer<typeof CodingExampleSchema>;

export const UnitizingExampleSchema = z.object({
  name: z.string(),
  source: z.string(),
  continuum: z.object({ begin: z.number().int(), length: z.number().int().positive() }),
  coders: z.array(z.string()),
  segments: z.array(
    z.object({
      coder: z.string(),
      begin: z.number().int(),
      length: z.number().int().positive(),
      code: z.string(),
    }),
  ),
  expected: z.record(z.string(), z.number()),
  tolerance: z.number().positive(),
  notes: z.string().optional(),
});
export type UnitizingExample = z.infer<typeof UnitizingExampleSchema>;

function load<T>(kind: 'coding' | 'unitizing', schema: z.ZodType<T>): { file: string; example: T }[] {
  const dir = join(EXAMPLES_DIR, kind);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, example: schema.parse(JSON.parse(readFileSync(join(dir, file), 'utf8'))) }));
}

export const codingExamples = (): { file: string; example: CodingExample }[] =>
  load('coding', CodingExampleSchema);
export const unitizingExamples = (): { file: string; example: UnitizingExample }[] =>
  load('unitizing', UnitizingExampleSchema);

/** Category index of every value; `null` stays missing. */
export function indexUnits(
  units: readonly (readonly (number | string | null)[])[],
  categories: readonly (number | string)[],
): (number | null)[][] {
  return units.map((row) =>
    row.map((v) => {
      if (v === null) return null;
      const i = categories.indexOf(v);
      if (i < 0) throw new Error(`value ${String(v)} is not a declared category`);
      return i;
    }),
  );
}

/** Rows of category indices of an example, whatever its layout (units, table or counts). */
export function exampleUnits(ex: CodingExample): (number | null)[][] {
  if (ex.units) return indexUnits(ex.units, ex.categories);
  if (ex.table)
    return ex.table.flatMap((row, i) => row.flatMap((n, j) => Array.from({ length: n }, () => [i, j])));
  if (ex.counts) {
    const m = Math.max(...ex.counts.map((r) => r.reduce((a, b) => a + b, 0)));
    return ex.counts.map((row) => {
      const values: (number | null)[] = row.flatMap((n, c) => Array.from({ length: n }, () => c));
      while (values.length < m) values.push(null);
      return values;
    });
  }
  throw new Error(`example ${ex.name} has no data`);
}
