/**
 * What statisticians use, as peers of Concord's agreement engine: Fleiss' κ through statsmodels
 * and Krippendorff's α through NLTK, from Debian's Python (`python3-statsmodels`,
 * `python3-nltk`), run as one long-lived process (`bench/python/agreement_peers.py`) so that each
 * timed call is the computation alone, not Python's start-up and imports.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** Debian's interpreter: the one `apt-get install python3-…` installs modules for. */
export const SYSTEM_PYTHON = '/usr/bin/python3';

const SCRIPT = fileURLToPath(new URL('./python/agreement_peers.py', import.meta.url));
const PACKAGES = ['python3-statsmodels', 'python3-nltk'];
const APT_GET = '/usr/bin/apt-get';

/** Whether the peers can run, and if not, why. */
export type PythonSetup = { readonly ok: true } | { readonly ok: false; readonly reason: string };

function modulesImport(python: string): boolean {
  const r = spawnSync(python, ['-c', 'import numpy, statsmodels.stats.inter_rater, nltk.metrics.agreement'], {
    stdio: 'ignore',
  });
  return r.status === 0;
}

/**
 * The benchmark's own setup: checks that `python` imports statsmodels and NLTK, and when it does
 * not, installs Debian's packages with `apt-get install -y` if it can (running as root, apt-get
 * present, `install` true). Never throws: a missing interpreter or a failed install is a reason.
 * Blocks while apt-get runs (minutes, once per machine); its output goes to stderr.
 */
export function ensurePythonPeers(python = SYSTEM_PYTHON, install = true): PythonSetup {
  if (!existsSync(python)) return { ok: false, reason: `${python} not found` };
  if (modulesImport(python)) return { ok: true };
  const missing = `statsmodels or NLTK missing for ${python}`;
  if (!install) return { ok: false, reason: missing };
  if (process.getuid?.() !== 0)
    return { ok: false, reason: `${missing}; not root, so not installing ${PACKAGES.join(' ')}` };
  if (!existsSync(APT_GET)) return { ok: false, reason: `${missing}; no apt-get to install them with` };
  process.stderr.write(`installing ${PACKAGES.join(' ')} for ${python}…\n`);
  const r = spawnSync(APT_GET, ['install', '-y', '--no-install-recommends', ...PACKAGES], {
    stdio: ['ignore', process.stderr, process.stderr],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (r.status !== 0) return { ok: false, reason: `${missing}; apt-get install exited with ${r.status}` };
  return modulesImport(python)
    ? { ok: true }
    : { ok: false, reason: `${missing} even after apt-get install ${PACKAGES.join(' ')}` };
}

/** One matrix per variable: rows = units, one category index (0…q−1) or null (missing) per coder. */
export type RatingMatrices = readonly (readonly (readonly (number | null)[])[])[];

/** Reliability data for the peers (see `agreementMatrices.ts` for Concord's segment matrices). */
export interface PeerInput {
  readonly coders: readonly string[];
  /** Variable names, one per matrix. */
  readonly codes: readonly string[];
  /** Number of categories q (2 for a present/absent code). */
  readonly categories: number;
  /** Matrices Fleiss' κ is computed on (statsmodels). */
  readonly fleiss: RatingMatrices;
  /** Matrices Krippendorff's α is computed on (NLTK; may be a subset of the units). */
  readonly alpha: RatingMatrices;
}

/** One timed call: the package's values per code and how long the computation took. */
export interface PeerRun {
  /** Time of the package calls alone, measured inside Python, ms. */
  readonly ms: number;
  /** Time from sending the command to reading the answer, measured here, ms. */
  readonly wallMs: number;
  /** One value per code (null where the package gave NaN or failed for lack of variation). */
  readonly values: readonly (number | null)[];
}

/** A running peer process. */
export interface PythonPeers {
  fleiss(): Promise<PeerRun>;
  alpha(): Promise<PeerRun>;
  /** Versions of the packages in use. */
  modules(): Promise<{ statsmodels: string; nltk: string }>;
  close(): Promise<void>;
}

/**
 * Starts the peer process and sends it the data (one JSON line); resolves once Python has built
 * its inputs. Rejects if the process exits first; a call rejects on an `error` answer.
 */
export async function startPythonPeers(input: PeerInput, python = SYSTEM_PYTHON): Promise<PythonPeers> {
  const child: ChildProcessWithoutNullStreams = spawn(python, [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const waiting: { resolve: (line: unknown) => void; reject: (e: Error) => void }[] = [];
  const exited = (code: number | null): Error =>
    new Error(`${python} ${SCRIPT} exited with ${code}: ${stderr.trim().slice(-2000)}`);
  child.once('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(exited(code));
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const w = waiting.shift();
    if (!w) return;
    const answer = JSON.parse(line) as { error?: string };
    if (answer.error) w.reject(new Error(answer.error));
    else w.resolve(answer);
  });
  const next = (): Promise<unknown> =>
    child.exitCode !== null
      ? Promise.reject(exited(child.exitCode))
      : new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  const ready = next();
  child.stdin.write(`${JSON.stringify(input)}\n`);
  await ready;
  const call = async (command: 'fleiss' | 'alpha'): Promise<PeerRun> => {
    const start = performance.now();
    const answer = next();
    child.stdin.write(`${command}\n`);
    const { ms, values } = (await answer) as { ms: number; values: (number | null)[] };
    return { ms, wallMs: performance.now() - start, values };
  };
  return {
    fleiss: () => call('fleiss'),
    alpha: () => call('alpha'),
    async modules() {
      const answer = next();
      child.stdin.write('modules\n');
      return (await answer) as { statsmodels: string; nltk: string };
    },
    async close() {
      if (child.exitCode !== null) return;
      child.stdin.end();
      await once(child, 'exit');
    },
  };
}
