import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import { AgreementInputSchema, type AgreementInput } from '../../shared/agreement/index.ts';
import { toAgreementInput } from '../../shared/interchange/agreementInput.ts';
import { readQdpx } from '../../server/services/import/qdpx.ts';
import { DEFAULT_ZIP_LIMITS } from '../../server/services/import/zip.ts';

/**
 * Reads a REFI-QDA project (.qdpx, from Concord or another tool) into the agreement input
 * shape: coders are the `creatingUser`s of the codings, codes come from the codebook, and who
 * rates which document follows the rule the import and the export share (`ratersByDocument`,
 * shared/interchange/raters.ts). The archive is checked as the server checks uploads.
 */
export async function loadQdpx(path: string): Promise<AgreementInput> {
  let data: Buffer;
  try {
    data = await readFile(path);
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
  const { project } = await readQdpx(data, path, DEFAULT_ZIP_LIMITS, {
    now: new Date(0).toISOString(),
    fallbackName: basename(path),
  });
  const parsed = AgreementInputSchema.safeParse(toAgreementInput(project));
  if (!parsed.success) {
    throw new AppError(
      'validation',
      `${path} does not make a valid agreement input`,
      parsed.error.issues.map((issue) => ({
        path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
        message: issue.message,
        code: issue.code,
      })),
    );
  }
  return parsed.data;
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

/** Loads `path` (.json or .qdpx) as a validated agreement input. */
export async function loadAgreementInput(path: string): Promise<AgreementInput> {
  return extname(path).toLowerCase() === '.qdpx' ? loadQdpx(path) : loadJson(path);
}
