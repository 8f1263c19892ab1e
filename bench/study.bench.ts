/**
 * The large study, end to end (issue "Scale and peers", must-have 3): a generated project of
 * `STUDY_DOCUMENTS` transcripts × `STUDY_WORDS` words (defaults 1,000 × 10,000; seed
 * `STUDY_SEED`, default 1) with 60 codes under 6 themes, 6 coders and a consensus layer
 * (bench/study/generate.ts), written as a `.qdpx` to a file and imported through
 * `POST /api/projects/import` of the real server in its own process: on SQLite under a fresh
 * DATA_DIR and, when `CONCORD_TEST_DATABASE_URL` is set, on PostgreSQL in a fresh schema.
 * Reported: generating the archive, its size, the import as the client sees it (request sent to
 * answer received) and the server's resident memory before and at its peak during the import.
 * One import per backend and run: at the default size each moves about 20 MiB of archive and some
 * 60 MB of text through the server. The import's summary must name every document, code, coder
 * and coding the archive holds, else the section fails rather than report a partial import.
 *
 * The server then keeps running and the steps of `STEPS` measure against it, each with the
 * server's longest event-loop stall during it (bench/study/eventLoopProbe.ts, target < 100 ms):
 * the agreement report, full and after one coding (bench/study/agreementStep.ts), retrieval and
 * search (retrievalStep.ts) and the `.qdpx` export (exportStep.ts), after the project page's
 * documents-and-progress answer, its first render in Chromium and the memory of a room per
 * document loaded (projectPageStep.ts).
 */
import { createWriteStream, openAsBlob } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ImportedProject } from '../shared/interchange/api.ts';
import { startChildServer, type ChildServer } from '../test/helpers/childServer.ts';
import { peakDuring } from './processMemory.ts';
import { withSchema } from './schema.ts';
import { measureProjectPageStep } from './study/projectPageStep.ts';
import type { BenchSection } from './run.ts';
import { studyQdpx, type StudyCounts } from './study/archive.ts';
import { planStudy } from './study/generate.ts';
import { studyOptionsFrom } from './study/options.ts';
import type { BenchRow } from './table.ts';
import { measureAgreement } from './study/agreementStep.ts';
import type { StudyContext, StudyStep } from './study/context.ts';
import { measureExport } from './study/exportStep.ts';
import { measureRetrieval } from './study/retrievalStep.ts';
import { PROBE_NODE_ARGS, stallProbe } from './study/stalls.ts';

/** PostgreSQL to import into as well, when set (as for the cluster and media sections). */
const DATABASE_URL = process.env.CONCORD_TEST_DATABASE_URL || undefined;

/** Posts the archive from its file as `multipart/form-data`, streamed; answers the new project. */
async function importArchive(server: ChildServer, file: string): Promise<ImportedProject> {
  const form = new FormData();
  form.append('file', await openAsBlob(file), 'study.qdpx');
  const res = await fetch(`${server.http}/api/projects/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}` },
    body: form,
  });
  const body = await res.text();
  if (res.status !== 201) throw new Error(`study import answered ${res.status}: ${body.slice(0, 500)}`);
  return JSON.parse(body) as ImportedProject;
}

/** Fails when the import did not take in everything the archive holds. */
function checkImported(imported: ImportedProject, counts: StudyCounts): void {
  const { documents, codes, coders, codings, warnings } = imported.import;
  const got = { documents: documents.length, codes, coders: coders.length, codings };
  if (JSON.stringify(got) !== JSON.stringify(counts) || warnings.length > 0) {
    throw new Error(
      `study import incomplete: expected ${JSON.stringify(counts)}, got ${JSON.stringify(got)}; warnings: ${warnings.join('; ')}`,
    );
  }
}

/** What one import measured. */
interface ImportRun {
  importMs: number;
  /** The server's resident memory before the import and at its peak during it, MB. */
  before: number;
  peak: number;
}

const rowsOf = (backend: string, size: string, run: ImportRun): BenchRow[] => [
  { name: `import (${size}), ${backend}`, value: run.importMs / 1000, unit: 's' },
  { name: `server resident memory before the import, ${backend}`, value: run.before, unit: 'MB' },
  { name: `server peak resident memory during the import, ${backend}`, value: run.peak, unit: 'MB' },
];

/**
 * The measurement steps run against the imported study, in this order, on the same server (each
 * sees what the steps before it did: the agreement step adds one coding).
 */
const STEPS: readonly StudyStep[] = [
  // First, while no step has loaded any room yet.
  measureProjectPageStep,
  measureAgreement,
  measureRetrieval,
  measureExport,
];

/**
 * Starts the server with `env` added (a fresh DATA_DIR under `dir`) and the event-loop probe
 * preloaded, imports the archive once, runs every step of `STEPS` against it and stops it.
 */
async function studyOnce(
  dir: string,
  file: string,
  base: Omit<
    StudyContext,
    'http' | 'ws' | 'token' | 'projectId' | 'childPid' | 'dir' | 'documentIds' | 'coderIds' | 'stalls'
  >,
  env: Record<string, string>,
): Promise<BenchRow[]> {
  const bytes = (await stat(file)).size;
  const server = await startChildServer(
    {
      DATA_DIR: join(dir, 'data'),
      // The default 100 MiB holds the default study; a larger one given by the environment too.
      MAX_IMPORT_BYTES: String(Math.max(100 * 1024 * 1024, 2 * bytes)),
      ...env,
    },
    { nodeArgs: PROBE_NODE_ARGS },
  );
  try {
    let importMs = 0;
    const { result, before, peak } = await peakDuring(server.child.pid!, async () => {
      const started = performance.now();
      const imported = await importArchive(server, file);
      importMs = performance.now() - started;
      return imported;
    });
    checkImported(result, base.counts);
    const ctx: StudyContext = {
      ...base,
      http: server.http,
      ws: server.ws,
      token: server.token,
      projectId: result.id,
      childPid: server.child.pid!,
      dir,
      documentIds: result.import.documents.map((d) => d.id),
      coderIds: new Map(result.import.coders.filter((c) => !c.consensus).map((c) => [c.name, c.id])),
      stalls: stallProbe(server.logs),
    };
    const rows = rowsOf(base.backend, base.size, { importMs, before, peak });
    for (const step of STEPS) rows.push(...(await step(ctx)));
    return rows;
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
}

export const section: BenchSection = {
  title: 'Large study (generated, imported through the project import route)',
  async run(): Promise<BenchRow[]> {
    const options = studyOptionsFrom(process.env);
    const size = `${options.documents} × ${options.words.toLocaleString('en')} words`;
    const plan = planStudy(options);
    const dir = await mkdtemp(join(tmpdir(), 'concord-bench-study-'));
    try {
      const file = join(dir, 'study.qdpx');
      const generating = performance.now();
      const { archive, counts } = studyQdpx(plan);
      await pipeline(archive, createWriteStream(file));
      const generateMs = performance.now() - generating;
      const rows: BenchRow[] = [
        {
          name: `generate the .qdpx (${size}, ${counts.codings} codings)`,
          value: generateMs / 1000,
          unit: 's',
        },
        { name: 'archive size', value: (await stat(file)).size / 1024 / 1024, unit: 'MiB' },
        ...(await studyOnce(join(dir, 'sqlite'), file, { plan, counts, size, backend: 'SQLite' }, {})),
      ];
      if (DATABASE_URL !== undefined) {
        rows.push(
          ...(await withSchema(DATABASE_URL, (schema) =>
            studyOnce(
              join(dir, 'postgres'),
              file,
              { plan, counts, size, backend: 'PostgreSQL' },
              { DATABASE_URL, DATABASE_SCHEMA: schema },
            ),
          )),
        );
      }
      return rows;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
