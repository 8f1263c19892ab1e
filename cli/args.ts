/** Command-line parsing shared by the `concord` commands: one usage-error type, one parser. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A usage problem: reported with the usage text, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `util.parseArgs` in strict mode with positionals, its errors turned into `UsageError`s. */
export function parseCommandLine<O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O,
) {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
