/**
 * Runs the project page measurements (projectPage.ts) on their own: generates the study at the
 * size `STUDY_DOCUMENTS` / `STUDY_WORDS` give (small for development, e.g. 100 × 1,000), imports
 * it into a fresh server on SQLite through `POST /api/projects/import`, measures and prints the
 * table. `npm run bench -- study` runs the same measurements after its own import.
 *
 *   STUDY_DOCUMENTS=100 STUDY_WORDS=1000 node --import tsx bench/study/projectPageRun.ts
 */
import { createWriteStream, openAsBlob } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ImportedProject } from '../../shared/interchange/api.ts';
import { CHILD_ADMIN, startChildServer } from '../../test/helpers/childServer.ts';
import { printTable } from '../table.ts';
import { studyQdpx } from './archive.ts';
import { planStudy } from './generate.ts';
import { studyOptionsFrom } from './options.ts';
import { measureProjectPage } from './projectPage.ts';

const options = studyOptionsFrom(process.env);
const dir = await mkdtemp(join(tmpdir(), 'concord-bench-page-'));
try {
  const file = join(dir, 'study.qdpx');
  await pipeline(studyQdpx(planStudy(options)).archive, createWriteStream(file));
  const bytes = (await stat(file)).size;
  const env = {
    DATA_DIR: join(dir, 'data'),
    MAX_IMPORT_BYTES: String(Math.max(100 * 1024 * 1024, 2 * bytes)),
  };
  let server = await startChildServer(env);
  try {
    const form = new FormData();
    form.append('file', await openAsBlob(file), 'study.qdpx');
    const res = await fetch(`${server.http}/api/projects/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}` },
      body: form,
    });
    if (res.status !== 201)
      throw new Error(`import answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
    const project = (await res.json()) as ImportedProject;
    const rows = await measureProjectPage({
      http: server.http,
      token: server.token,
      credentials: CHILD_ADMIN,
      projectId: project.id,
      childPid: server.child.pid!,
      async restart() {
        server.child.kill('SIGTERM');
        await server.exited;
        server = await startChildServer(env);
        return { http: server.http, token: server.token, childPid: server.child.pid! };
      },
    });
    printTable(
      `Large study: project page and loaded rooms (${options.documents} × ${options.words} words)`,
      rows,
    );
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
