import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import { AgreementInputSchema, type AgreementInput } from '../../shared/agreement/index.ts';

/**
 * Reads a REFI-QDA project (.qdpx) into the agreement input shape. Not implemented yet: this is
 * the one place a .qdpx importer plugs in.
 */
export async function loadQdpx(path: string): Promise<AgreementInput> {
  throw new AppError(
    'badRequest',
    `qdpx input is not supported yet (${path}); export the project as agreement JSON (see docs/agreement.md)`,
  );
}

function errnoCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** Reads and validates a JSON agreement input file. */
async function loadJson(path: string): Promise<AgreementInput> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT')
      throw new AppError('notFound', `cannot read ${path}: no such file`, undefined, { cause: error });
    if (code === 'EISDIR')
      throw new AppError('badRequest', `cannot read ${path}: it is a directory`, undefined, { cause: error });
    if (code === 'EACCES')
      throw new AppError('forbidden', `cannot read ${path}: permission denied`, undefined, { cause: error });
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new AppError('validation', `${path} is not valid JSON: ${detail}`, undefined, { cause: error });
  }
  const parsed = AgreementInputSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError(
      'validation',
      `${path} is not a valid agreement input`,
      parsed.error.issues.map((issue) => ({
        path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
        message: issue.message,
        code: issue.code,
      })),
    );
  }
  return parsed.data;
}

/** Loads `path` (.json, or .qdpx once supported) as a validated agreement input. */
export async function loadAgreementInput(path: string): Promise<AgreementInput> {
  return extname(path).toLowerCase() === '.qdpx' ? loadQdpx(path) : loadJson(path);
}
