/**
 * Builds the web client when `client/dist` is missing or older than its sources, so `npm start`
 * and the end-to-end tests always serve the current client. The sources' content hash (client,
 * the shared model it bundles, the lockfile) is kept next to the build; a matching hash means the
 * build is current. Concurrent callers (parallel test files) take turns through a lock directory,
 * and a new build replaces the old one in one rename, so a running server never serves half of one.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CLIENT_DIR = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(CLIENT_DIR, '..');
const DIST = join(CLIENT_DIR, 'dist');
const HASH_FILE = join(DIST, '.source-hash');
const LOCK = join(CLIENT_DIR, '.build-lock');
/** A lock older than this was left by a killed build. */
const STALE_LOCK_MS = 5 * 60_000;

/** Hash of every file the bundle is made from. */
export function sourceHash(): string {
  const hash = createHash('sha256');
  const files = [
    ...walk(CLIENT_DIR, (p) => !p.startsWith(DIST) && !p.startsWith(LOCK) && !p.includes('dist.')),
    ...walk(join(ROOT, 'shared'), () => true),
    join(ROOT, 'package-lock.json'),
  ].sort();
  for (const file of files) {
    hash.update(relative(ROOT, file));
    hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

function walk(dir: string, keep: (path: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (!keep(path)) continue;
    if (entry.isDirectory()) out.push(...walk(path, keep));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** Whether `client/dist` was built from the current sources. */
export function isBuildCurrent(hash = sourceHash()): boolean {
  return existsSync(HASH_FILE) && readFileSync(HASH_FILE, 'utf8') === hash;
}

/** Builds the client unless the build is current; resolves to whether it built. */
export async function ensureClientBuild(
  options: { log?: (line: string) => void; force?: boolean } = {},
): Promise<boolean> {
  const log = options.log ?? (() => undefined);
  if (!options.force && isBuildCurrent()) return false;
  await withLock(async () => {
    // Another caller may have built it while we waited.
    const hash = sourceHash();
    if (!options.force && isBuildCurrent(hash)) return;
    log('building the web client (client/dist)…');
    const { build } = await import('vite');
    const staging = join(CLIENT_DIR, `dist.${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    await build({
      configFile: join(CLIENT_DIR, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: staging, emptyOutDir: true },
    });
    writeFileSync(join(staging, '.source-hash'), hash);
    const old = join(CLIENT_DIR, `dist.old.${process.pid}`);
    if (existsSync(DIST)) renameSync(DIST, old);
    renameSync(staging, DIST);
    rmSync(old, { recursive: true, force: true });
    log('web client built');
  });
  return true;
}

async function withLock(work: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 2 * STALE_LOCK_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const held = statSync(LOCK, { throwIfNoEntry: false });
      if (!held) continue;
      if (Date.now() - held.mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`timed out waiting for ${LOCK}`);
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    await work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await ensureClientBuild({
    log: (line) => process.stdout.write(`${line}\n`),
    force: process.argv.includes('--force'),
  });
}
