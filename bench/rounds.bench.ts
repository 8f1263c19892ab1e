/**
 * Rounds benchmark: drawing a stratified sample over 1,000 documents (the pure function, and a
 * round started through `POST …/rounds` on a real server), and closing a round — computing and
 * freezing its report — on the agreement benchmark's corpus (same generator and seed) loaded into
 * real rooms: cold (nothing cached) once, then warm (the live report's cache filled, as after a
 * round watched while it ran); and the methods section exported (Markdown and Word) from the
 * rounds closed there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApp, type App } from '../server/app.ts';
import { FsBlobStore } from '../server/blobs/FsBlobStore.ts';
import { defaultAppConfig } from '../server/config.ts';
import { openSqliteStorage } from '../server/storage/sqlite.ts';
import { putCode } from '../shared/model/codebook.ts';
import { addCoding, setCompleted } from '../shared/model/layer.ts';
import { roomName } from '../shared/protocol.ts';
import { sampleDocuments } from '../shared/rounds/sample.ts';
import type { Project, User } from '../shared/schemas.ts';
import { synthesise } from './agreement.bench.ts';
import type { BenchSection } from './run.ts';
import { alternate, repeat } from './samples.ts';
import { compared, measured, type BenchRow } from './table.ts';

const SAMPLED_DOCUMENTS = 1000;
const SITES = ['clinic', 'community', 'hospital', 'home', 'school', 'online', 'prison'];
const CORPUS_SEED = 20_080_801;

interface Running {
  app: App;
  base: string;
  token: string;
  admin: User;
  stop: () => Promise<void>;
}

async function start(): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'concord-rounds-'));
  const storage = await openSqliteStorage({ file: join(dir, 'concord.sqlite') });
  const blobs = await FsBlobStore.open(join(dir, 'blobs'));
  const app = createApp({ storage, blobs, logger: pino({ level: 'warn' }), config: defaultAppConfig });
  const admin = await app.auth.createUser({
    email: 'bench@concord.local',
    name: 'Bench',
    password: 'bench-password-1',
    isAdmin: true,
  });
  const { token } = await app.auth.createApiToken(admin.id, 'bench');
  const { port } = await app.listen(0, '127.0.0.1');
  return {
    app,
    base: `http://127.0.0.1:${port}`,
    token,
    admin,
    stop: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function post(run: Running, path: string, body?: unknown): Promise<{ id: string }> {
  const res = await fetch(`${run.base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${run.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string };
}

/** A project, its coders as members (with users created), owned by the bench administrator. */
async function project(
  run: Running,
  coders: readonly string[],
): Promise<{ project: Project; coderIds: string[] }> {
  const p = await run.app.projects.createProject({ name: 'Rounds bench', description: '' });
  await run.app.storage.putMember(p.id, run.admin.id, 'owner');
  const coderIds: string[] = [];
  for (const name of coders) {
    const user = await run.app.storage.createUser({
      id: name,
      email: `${name}@bench.local`,
      name,
      synthetic: true,
      createdAt: new Date().toISOString(),
    });
    await run.app.storage.putMember(p.id, user.id, 'coder');
    coderIds.push(user.id);
  }
  return { project: p, coderIds };
}

/** Starting a round with a stratified 20% sample of 1,000 documents, through the API. */
async function sampledStarts(): Promise<{ pure: number[]; api: number[] }> {
  const candidates = Array.from({ length: SAMPLED_DOCUMENTS }, (_, i) => ({
    id: `doc-${i}`,
    attributes: { site: SITES[i % SITES.length]! },
  }));
  const pure = await repeat(() => {
    const t = performance.now();
    sampleDocuments(candidates, { fraction: 0.2, seed: 1, stratifyBy: 'site' });
    return performance.now() - t;
  });
  const run = await start();
  try {
    const { project: p, coderIds } = await project(run, ['coder1', 'coder2']);
    for (let i = 0; i < SAMPLED_DOCUMENTS; i++)
      await run.app.projects.createDocument(p.id, {
        title: `Interview ${i + 1}`,
        text: `Transcript ${i + 1}.`,
        attributes: { site: SITES[i % SITES.length]! },
      });
    let seed = 0;
    const api = await repeat(async () => {
      seed++;
      const t = performance.now();
      const round = await post(run, `/api/projects/${p.id}/rounds`, {
        name: `Round ${seed}`,
        blind: true,
        coders: coderIds,
        sample: { fraction: 0.2, seed, stratifyBy: 'site', includeSampled: true },
      });
      const ms = performance.now() - t;
      await post(run, `/api/projects/${p.id}/rounds/${round.id}/close?ci=0`);
      return ms;
    });
    return { pure, api };
  } finally {
    await run.stop();
  }
}

/** Closing a round over the whole agreement corpus: the first close cold, then warm ones. */
async function closes(): Promise<{
  documents: number;
  cold: number;
  warm: { a: number[]; b: number[] };
  rounds: number;
  methods: { md: number[]; docx: number[] };
}> {
  const corpus = synthesise(CORPUS_SEED);
  const run = await start();
  try {
    const { project: p, coderIds } = await project(run, corpus.setup.coders);
    await run.app.registry.change(roomName.codebook(p.id), (doc) => {
      corpus.setup.codes.forEach((c, i) =>
        putCode(doc, { id: c.id, name: c.name, parentId: null, color: '#336699', description: '', order: i }),
      );
    });
    const ids: string[] = [];
    const now = new Date(0).toISOString();
    for (const d of corpus.documents) {
      const document = await run.app.projects.createDocument(p.id, {
        title: d.id,
        text: d.text!,
        attributes: {},
      });
      ids.push(document.id);
      await run.app.registry.withRoom(roomName.text(document.id), async (text) => {
        for (const coder of coderIds) {
          await run.app.registry.change(roomName.layer(document.id, coder), (layer) => {
            d.codings
              .filter((c) => c.coder === coder)
              .forEach((c, k) =>
                addCoding(layer, text.doc, {
                  id: `${coder}-${k}`,
                  codeId: c.code,
                  start: c.start,
                  end: c.end,
                  author: coder,
                  now,
                }),
              );
            setCompleted(layer, true);
          });
        }
      });
    }
    const round = async () =>
      (
        await post(run, `/api/projects/${p.id}/rounds`, {
          name: 'All',
          blind: false,
          coders: coderIds,
          documents: ids,
        })
      ).id;
    const closeMs = async () => {
      const id = await round();
      const t = performance.now();
      await post(run, `/api/projects/${p.id}/rounds/${id}/close?ci=0`);
      return performance.now() - t;
    };
    const liveMs = async () => {
      const t = performance.now();
      const res = await fetch(`${run.base}/api/projects/${p.id}/agreement?ci=0`, {
        headers: { authorization: `Bearer ${run.token}` },
      });
      await res.arrayBuffer();
      return performance.now() - t;
    };
    const cold = await closeMs();
    // Beside each close, the project's live report on the same state: what closing adds to it.
    const warm = await alternate(closeMs, liveMs);
    // The methods section from every round closed above (their frozen reports read back).
    const methodsMs = (format: 'md' | 'docx') => async () => {
      const t = performance.now();
      const res = await fetch(`${run.base}/api/projects/${p.id}/export/methods?format=${format}`, {
        headers: { authorization: `Bearer ${run.token}` },
      });
      if (!res.ok) throw new Error(`methods export: ${res.status}`);
      await res.arrayBuffer();
      return performance.now() - t;
    };
    const rounds = (await run.app.storage.listRounds(p.id)).length;
    const methods = { md: await repeat(methodsMs('md')), docx: await repeat(methodsMs('docx')) };
    return { documents: ids.length, cold, warm, rounds, methods };
  } finally {
    await run.stop();
  }
}

/** The `rounds` section of `npm run bench`. */
export const section: BenchSection = {
  title:
    'Rounds: stratified samples over 1,000 documents; closing a round on the agreement corpus; the methods export',
  async run(): Promise<BenchRow[]> {
    const starts = await sampledStarts();
    const closed = await closes();
    return [
      {
        name: 'Stratified 20% sample of 1,000 documents (7 strata), pure',
        unit: 'ms',
        ...measured(starts.pure),
      },
      {
        name: 'POST …/rounds with that sample (SQLite, codebook version recorded)',
        unit: 'ms',
        ...measured(starts.api),
      },
      {
        name: `Close a round of ${closed.documents} transcripts × 4 coders, ci=0, cold (first report)`,
        unit: 'ms',
        value: closed.cold,
      },
      {
        name: 'Close the same, warm (reference: GET …/agreement?ci=0 on that state)',
        unit: 'ms',
        ...compared(closed.warm.a, closed.warm.b),
      },
      {
        name: `GET …/export/methods?format=md over those ${closed.rounds} closed rounds`,
        unit: 'ms',
        ...measured(closed.methods.md),
      },
      {
        name: `GET …/export/methods?format=docx over the same`,
        unit: 'ms',
        ...measured(closed.methods.docx),
      },
    ];
  },
};
