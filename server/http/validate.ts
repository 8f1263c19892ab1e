/** Parses request input with zod, turning failures into one `validation` AppError with issues. */
import type { z } from 'zod';
import { AppError } from '../../shared/errors.ts';

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new AppError(
    'validation',
    `invalid ${what}`,
    result.error.issues.map((i) => ({
      path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
      message: i.message,
      code: i.code,
    })),
  );
}
