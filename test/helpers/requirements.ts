/**
 * What a suite does when something it needs is missing from the machine (a service, a program, a
 * browser, a file). Outside CI it prints why it skips, so a developer's run says what it left out;
 * with `CI` set it fails naming what is missing, because CI promises to run every suite and a
 * quiet skip there would let a broken suite look green.
 */

/** Whether this run is CI: `CI` set to anything but an empty string, `0` or `false`. */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/** Thrown under CI when a suite's requirement is missing. */
export class MissingRequirementError extends Error {
  override name = 'MissingRequirementError';
}

/**
 * Returns false when nothing is missing. Otherwise, outside CI, prints
 * `SKIPPED <suite>: <missing> (<howTo>)` and returns true (for `describe.skipIf`/`it.skipIf`);
 * under CI throws {@link MissingRequirementError} with the same words, failing the file.
 *
 * @param suite the suite's name, as the skip or failure message shows it
 * @param missing what is missing, one phrase each (e.g. `CONCORD_TEST_DATABASE_URL is not set`)
 * @param howTo how to provide it
 */
export function skipUnlessPresent(
  suite: string,
  missing: readonly string[],
  howTo: string,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (missing.length === 0) return false;
  const message = `${suite}: ${missing.join('; ')} (${howTo})`;
  if (inCi(env)) throw new MissingRequirementError(`CI must run ${message}`);
  console.warn(`SKIPPED ${message}`);
  return true;
}
