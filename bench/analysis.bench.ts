/**
 * Analysis benchmark: text search (and, where the server has them, coded retrieval,
 * co-occurrence and the matrix) on a generated corpus of 1,000 transcripts × 10,000 words with
 * 4 coders and 40 codes (bench/analysisCorpus.ts, seeded), served by a real server on SQLite.
 *
 * Loading: each transcript's text room and each coder's layer room is built as a Yjs document
 * in this process — the same `initTextDoc` and `addCoding` the server and the coding view use —
 * and appended to the storage's update log as one update per room, with the documents' rows;
 * that is what an import writes, without its parsing. The search index is then built the way a
 * fresh server builds it: lazily, by the first search.
 *
 * Every figure is measured through HTTP beside a plain scan of all texts held in memory in the
 * same run (the same matcher over every text, no index, no I/O), whose ratio the table shows.
 * `CONCORD_BENCH_ANALYSIS_DOCS` sets a smaller corpus for a quick run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { createApp } from '../server/app.ts';
import { FsBlobStore } from '../server/blobs/FsBlobStore.ts';
import { defaultAppConfig } from '../server/config.ts';
import { openSqliteStorage } from '../server/storage/sqlite.ts';
import { CodePointIndex } from '../shared/model/codePoints.ts';
import { putCode } from '../shared/model/codebook.ts';
import { addCoding } from '../shared/model/layer.ts';
import { contentText, initTextDoc } from '../shared/model/text.ts';
import { roomName } from '../shared/protocol.ts';
import { compileSearch, placeHits, searchSpans } from '../shared/search/match.ts';
import { Rng } from '../shared/agreement/rng.ts';
import { DEFAULT_CORPUS, generateAnalysisCorpus, type AnalysisCorpus } from './analysisCorpus.ts';
import type { BenchSection } from './run.ts';
import type { BenchRow } from './table.ts';

/** Targets of issue 12, ms. */
const TARGET = { searchP95: 100, editVisible: 1000, retrieval: 300, crossTab: 500 } as const;
const QUERIES = Number(process.env.CONCORD_BENCH_ANALYSIS_QUERIES ?? 30);
const EDITS = 10;
const PAGE = 1000;

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

async function timed<T>(fn: () => Promise<T> | T): Promise<[number, T]> {
  const t = performance.now();
  const value = await fn();
  return [performance.now() - t, value];
}

/** Writes the corpus into a project's rooms and rows; returns the project id. */
async function load(
  app: ReturnType<typeof createApp>,
  corpus: AnalysisCorpus,
  adminId: string,
): Promise<string> {
  const { storage, registry } = app.services;
  const project = await app.projects.createProject({ name: 'Analysis bench', description: '' });
  await storage.putMember(project.id, adminId, 'owner');
  for (const coder of corpus.coders) {
    await storage.createUser({
      id: coder,
      email: `${coder}@bench.local`,
      name: coder,
      synthetic: true,
      createdAt: new Date().toISOString(),
    });
    await storage.putMember(project.id, coder, 'coder');
  }
  await registry.change(roomName.codebook(project.id), (doc) => {
    corpus.codes.forEach((code, i) =>
      putCode(doc, {
        id: code.id,
        name: code.name,
        parentId: null,
        color: '#336699',
        description: '',
        order: i,
      }),
    );
  });
  const now = new Date().toISOString();
  for (const document of corpus.documents) {
    const textDoc = new Y.Doc();
    initTextDoc(textDoc, { text: document.text, title: document.title });
    await storage.appendUpdates(roomName.text(document.id), [Y.encodeStateAsUpdate(textDoc)]);
    const index = new CodePointIndex(document.text);
    for (const [coder, codings] of document.layers) {
      const layer = new Y.Doc();
      layer.transact(() => {
        codings.forEach((c, i) =>
          addCoding(layer, textDoc, { id: `${document.id}-${coder}-${i}`, ...c, author: coder, now }, index),
        );
      });
      await storage.appendUpdates(roomName.layer(document.id, coder), [Y.encodeStateAsUpdate(layer)]);
    }
    await storage.createDocument({
      id: document.id,
      projectId: project.id,
      title: document.title,
      attributes: {},
      createdAt: now,
    });
  }
  return project.id;
}

/** The reference: the same search as a plain scan of every text in memory. */
function plainScan(corpus: AnalysisCorpus, q: string, mode: 'words' | 'phrase'): number {
  const search = compileSearch(q, mode, false);
  let total = 0;
  let placed = 0;
  for (const document of corpus.documents) {
    const spans = searchSpans(document.text, search);
    total += spans.length;
    if (placed < PAGE && spans.length > 0) {
      const page = spans.slice(0, PAGE - placed);
      placed += placeHits(document.text, page).length;
    }
  }
  return total;
}

/** Query words: ranks spread over the vocabulary (frequent to rare), seeded. */
function wordQueries(corpus: AnalysisCorpus, rng: Rng): string[] {
  return Array.from({ length: QUERIES }, () => corpus.vocabulary[20 + rng.int(2000)]!);
}

/** Three consecutive words from a random place of a random transcript, seeded. */
function phraseQueries(corpus: AnalysisCorpus, rng: Rng): string[] {
  return Array.from({ length: QUERIES }, () => {
    const text = corpus.documents[rng.int(corpus.documents.length)]!.text;
    const words = text.match(/\p{L}+/gu)!;
    const at = rng.int(words.length - 3);
    return words.slice(at, at + 3).join(' ');
  });
}

export const section: BenchSection = {
  title: 'Analysis: search and retrieval on 1,000 transcripts × 10,000 words (SQLite)',
  async run(): Promise<BenchRow[]> {
    const documents = Number(process.env.CONCORD_BENCH_ANALYSIS_DOCS ?? DEFAULT_CORPUS.documents);
    const [generateMs, corpus] = await timed(() => generateAnalysisCorpus({ ...DEFAULT_CORPUS, documents }));
    process.stderr.write(
      `  corpus: ${documents} transcripts generated in ${(generateMs / 1000).toFixed(1)} s\n`,
    );

    const dir = mkdtempSync(join(tmpdir(), 'concord-analysis-'));
    const storage = await openSqliteStorage({ file: join(dir, 'concord.sqlite') });
    const blobs = await FsBlobStore.open(join(dir, 'blobs'));
    const app = createApp({
      blobs,
      storage,
      logger: pino({ level: 'warn' }),
      // Rooms stay loaded through the run, as on a server in use.
      config: { ...defaultAppConfig, roomUnloadMs: 600_000 },
    });
    const rows: BenchRow[] = [];
    const clients: WebsocketProvider[] = [];
    try {
      const admin = await app.auth.createUser({
        email: 'bench@concord.local',
        name: 'Bench',
        password: 'bench-password-1',
        isAdmin: true,
      });
      const { token } = await app.auth.createApiToken(admin.id, 'bench');
      const { port } = await app.listen(0, '127.0.0.1');
      const base = `http://127.0.0.1:${port}`;
      const get = async <T>(path: string): Promise<{ status: number; body: T }> => {
        const once = () => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
        // A kept-alive socket the server closed while the plain scan ran (longer than its 5 s
        // keep-alive) fails the next request before it is sent: sent once more, on a new socket.
        const res = await once().catch(once);
        return { status: res.status, body: (await res.json()) as T };
      };
      const [loadMs, projectId] = await timed(() => load(app, corpus, admin.id));
      process.stderr.write(`  corpus written to rooms in ${(loadMs / 1000).toFixed(1)} s\n`);
      const search = (q: string, mode: string) =>
        get<{ total: number }>(`/api/projects/${projectId}/search?mode=${mode}&q=${encodeURIComponent(q)}`);

      // What the first search of a project does on a server without an index (SearchService.refresh).
      const [buildMs] = await timed(() => app.search.refresh(projectId));
      rows.push({
        name: `index built from the rooms (${documents} transcripts, as the first search does)`,
        value: buildMs,
        unit: 'ms',
      });

      const rng = new Rng(99);
      for (const [mode, queries] of [
        ['words', wordQueries(corpus, rng)],
        ['phrase', phraseQueries(corpus, rng)],
      ] as const) {
        const api: number[] = [];
        const scan: number[] = [];
        for (const [i, q] of queries.entries()) {
          // Alternating order, so a slow moment on the shared machine hits both sides alike.
          const viaApi = async () => {
            const [ms, res] = await timed(() => search(q, mode));
            api.push(ms);
            return res.body.total;
          };
          const viaScan = async () => {
            const [ms, total] = await timed(() => plainScan(corpus, q, mode));
            scan.push(ms);
            return total;
          };
          const [a, b] =
            i % 2 === 0 ? [await viaApi(), await viaScan()] : [await viaScan(), await viaApi()].reverse();
          if (a !== b) throw new Error(`search for "${q}" (${mode}) found ${a} hits, the plain scan ${b}`);
        }
        const value = percentile(api, 0.95);
        const reference = percentile(scan, 0.95);
        rows.push({
          name: `search: ${mode === 'words' ? 'a word' : 'a 3-word phrase'}, p95 of ${queries.length} queries (median ${percentile(api, 0.5).toFixed(1)} ms)`,
          value,
          unit: 'ms',
          reference,
          target: `< ${TARGET.searchP95} ms`,
          met: value < TARGET.searchP95,
        });
      }

      // An edit through a stock y-websocket client, then the search route polled until it finds it.
      const visible: number[] = [];
      for (let i = 0; i < EDITS; i++) {
        const document = corpus.documents[(i * 97) % corpus.documents.length]!;
        const doc = new Y.Doc();
        const provider = new WebsocketProvider(
          `ws://127.0.0.1:${port}/sync`,
          roomName.text(document.id),
          doc,
          {
            WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
            params: { token },
            disableBc: true,
          },
        );
        clients.push(provider);
        await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
        const word = `quokka${String.fromCharCode(97 + i)}edit`;
        const t = performance.now();
        contentText(doc).insert(0, `${word} `);
        for (;;) {
          if ((await search(word, 'words')).body.total > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        visible.push(performance.now() - t);
      }
      const editP95 = percentile(visible, 0.95);
      rows.push({
        name: `edit → found by search, p95 of ${EDITS} edits (max ${Math.max(...visible).toFixed(0)} ms)`,
        value: editP95,
        unit: 'ms',
        target: `< ${TARGET.editVisible} ms`,
        met: editP95 < TARGET.editVisible,
      });

      rows.push(...(await analysisRows(get, projectId, corpus)));
    } finally {
      for (const provider of clients) provider.destroy();
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  },
};

/**
 * Coded retrieval, co-occurrence and matrix through their routes, when this server has them
 * (issue 12, must-haves 1, 4 and 5); a route answering 404 is reported as absent, not measured.
 * Each is timed cold (rooms loaded by the call) once and warm as the median of five, beside a
 * plain computation over the corpus in memory.
 */
async function analysisRows(
  get: <T>(path: string) => Promise<{ status: number; body: T }>,
  projectId: string,
  corpus: AnalysisCorpus,
): Promise<BenchRow[]> {
  const code = corpus.codes[0]!.id;
  const layer = corpus.coders[0]!;
  const cases = [
    {
      name: `retrieval of one code across all documents (${code}, every layer)`,
      path: `/api/projects/${projectId}/segments?code=${code}`,
      target: TARGET.retrieval,
      reference: () => plainRetrieval(corpus, code),
    },
    {
      name: `co-occurrence, one layer (${layer})`,
      path: `/api/projects/${projectId}/cooccurrence?layer=${layer}`,
      target: TARGET.crossTab,
      reference: () => plainCooccurrence(corpus, layer),
    },
    {
      name: `matrix by document, one layer (${layer})`,
      path: `/api/projects/${projectId}/matrix?layer=${layer}&columns=documents`,
      target: TARGET.crossTab,
      reference: () => plainMatrix(corpus, layer),
    },
  ];
  const rows: BenchRow[] = [];
  for (const c of cases) {
    const [coldMs, first] = await timed(() => get(c.path));
    if (first.status === 404) {
      rows.push({ name: `${c.name}: route not on this server`, value: Number.NaN, unit: 'ms' });
      continue;
    }
    if (first.status !== 200) throw new Error(`${c.path}: ${first.status} ${JSON.stringify(first.body)}`);
    const warm: number[] = [];
    const plain: number[] = [];
    for (let i = 0; i < 5; i++) {
      warm.push((await timed(() => get(c.path)))[0]);
      plain.push((await timed(c.reference))[0]);
    }
    const value = percentile(warm, 0.5);
    rows.push({ name: `${c.name}, cold (rooms loaded by the call)`, value: coldMs, unit: 'ms' });
    rows.push({
      name: `${c.name}, warm, median of 5`,
      value,
      unit: 'ms',
      reference: percentile(plain, 0.5),
      target: `< ${c.target} ms`,
      met: value < c.target,
    });
  }
  return rows;
}

/** Every coding of the code in every layer, with its text and 200 code points of context. */
function plainRetrieval(corpus: AnalysisCorpus, code: string): number {
  let n = 0;
  for (const document of corpus.documents) {
    const points = Array.from(document.text);
    for (const codings of document.layers.values())
      for (const c of codings)
        if (c.codeId === code) {
          const text = points.slice(c.start, c.end).join('');
          const before = points.slice(Math.max(0, c.start - 200), c.start).join('');
          n += text.length + before.length;
        }
  }
  return n;
}

/** Pairs of overlapping codings per code pair in one layer, by comparing every pair per document. */
function plainCooccurrence(corpus: AnalysisCorpus, layer: string): number {
  const counts = new Map<string, number>();
  for (const document of corpus.documents) {
    const codings = document.layers.get(layer) ?? [];
    for (const a of codings)
      for (const b of codings)
        if (a !== b && a.start < b.end && b.start < a.end) {
          const key = `${a.codeId}|${b.codeId}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
  }
  return counts.size;
}

/** Codings and documents per code and document in one layer. */
function plainMatrix(corpus: AnalysisCorpus, layer: string): number {
  const cells = new Map<string, number>();
  for (const document of corpus.documents)
    for (const c of document.layers.get(layer) ?? []) {
      const key = `${c.codeId}|${document.id}`;
      cells.set(key, (cells.get(key) ?? 0) + 1);
    }
  return cells.size;
}
