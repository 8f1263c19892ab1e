/**
 * `GET /api/projects/:projectId/search` on a real server (SQLite, port 0): known answers on a
 * hand-made project (an emoji before a hit), patterns and their errors, the demo project's Table 2,
 * live edits through a stock y-websocket client, deletions, the rebuilt index, and access.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentText } from '../../shared/model/text.ts';
import { roomName } from '../../shared/protocol.ts';
import type { Document, Project } from '../../shared/schemas.ts';
import type { SearchResult } from '../../shared/search/schemas.ts';
import { closeAll, connect, synced, type Client } from '../helpers/clients.ts';
import { upload } from '../helpers/transfer.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const TEXT_A = 'Intro 🙂 the beds were full.\nNo beds, said the bedside nurse. Beds again.';
const TEXT_B = 'Site C had beds and a long waiting list.';

interface ErrorBody {
  error: { code: string; message: string; issues?: { path: (string | number)[]; message: string }[] };
}

let server: TestServer;
let project: Project;
let docA: Document;
let docB: Document;
const clients: Client[] = [];

const search = (q: Record<string, string | string[]>, token?: string | null, projectId = project.id) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) for (const one of [v].flat()) params.append(k, one);
  return server.api<SearchResult & ErrorBody>(
    'GET',
    `/api/projects/${projectId}/search?${params}`,
    undefined,
    token,
  );
};

beforeAll(async () => {
  server = await startServer();
  ({ project, document: docA } = await server.newDocument(TEXT_A, 'Interview A'));
  docB = (
    await server.api<Document>('POST', `/api/projects/${project.id}/documents`, {
      title: 'Interview B',
      text: TEXT_B,
    })
  ).body;
});
afterAll(async () => {
  closeAll(clients);
  await server.destroy();
});

describe('search on a hand-made project', () => {
  it('finds every occurrence of a word as a whole word, positions in code points after an emoji', async () => {
    const res = await search({ q: 'beds' });
    expect(res.status).toBe(200);
    // Counted by hand: "Intro " 0–5, 🙂 6 (one code point, two UTF-16 units), " the " 7–11, "beds" 12–16;
    // line 2 starts at 28: "No " then "beds" 31–35; "bedside" 46–53 is no hit; "Beds" 61–65.
    expect(res.body).toEqual({
      total: 4,
      hits: [
        {
          documentId: docA.id,
          documentTitle: 'Interview A',
          start: 12,
          end: 16,
          before: 'Intro 🙂 the ',
          match: 'beds',
          after: ' were full.\nNo beds, said the bedside nurse. Beds again.',
        },
        {
          documentId: docA.id,
          documentTitle: 'Interview A',
          start: 31,
          end: 35,
          before: 'Intro 🙂 the beds were full.\nNo ',
          match: 'beds',
          after: ', said the bedside nurse. Beds again.',
        },
        {
          documentId: docA.id,
          documentTitle: 'Interview A',
          start: 61,
          end: 65,
          before: 'Intro 🙂 the beds were full.\nNo beds, said the bedside nurse. ',
          match: 'Beds',
          after: ' again.',
        },
        {
          documentId: docB.id,
          documentTitle: 'Interview B',
          start: 11,
          end: 15,
          before: 'Site C had ',
          match: 'beds',
          after: ' and a long waiting list.',
        },
      ],
    });
    const points = Array.from(TEXT_A);
    for (const hit of res.body.hits.filter((h) => h.documentId === docA.id)) {
      expect(points.slice(hit.start, hit.end).join('')).toBe(hit.match);
    }
  });

  it('matches case when asked, filters by document and pages after counting', async () => {
    const exact = await search({ q: 'Beds', caseSensitive: 'true' });
    expect(exact.body.hits.map((h) => [h.documentId, h.start])).toEqual([[docA.id, 61]]);
    const onlyB = await search({ q: 'beds', document: docB.id });
    expect(onlyB.body.hits.map((h) => h.documentId)).toEqual([docB.id]);
    const both = await search({ q: 'beds', document: [docA.id, docB.id], offset: '1', limit: '2' });
    expect(both.body.total).toBe(4);
    expect(both.body.hits.map((h) => h.start)).toEqual([31, 61]);
  });

  it('finds a phrase across a line break, and documents holding all words in words mode', async () => {
    const phrase = await search({ q: 'full. No beds', mode: 'phrase' });
    expect(phrase.body.hits.map((h) => [h.start, h.end, h.match])).toEqual([[22, 35, 'full.\nNo beds']]);
    const words = await search({ q: 'waiting beds' });
    expect(words.body.hits.map((h) => [h.documentId, h.match])).toEqual([
      [docB.id, 'beds'],
      [docB.id, 'waiting'],
    ]);
  });

  it('searches a regular expression, with u and i flags', async () => {
    const res = await search({ q: String.raw`\p{Emoji_Presentation}\s+\w+`, mode: 'regex' });
    expect(res.body.hits).toEqual([
      expect.objectContaining({ documentId: docA.id, start: 6, end: 11, match: '🙂 the', before: 'Intro ' }),
    ]);
    const insensitive = await search({ q: 'bed(side|s)', mode: 'regex' });
    expect(insensitive.body.hits.map((h) => h.match)).toEqual(['beds', 'beds', 'bedside', 'Beds', 'beds']);
  });

  it('refuses a bad pattern at the field q with the parser’s message, and a runaway one in time', async () => {
    const bad = await search({ q: '(beds', mode: 'regex' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation');
    expect(bad.body.error.issues).toEqual([
      expect.objectContaining({
        path: ['q'],
        message: expect.stringMatching(/Invalid regular expression.*Unterminated group/),
      }),
    ]);
    const noWords = await search({ q: '?!', mode: 'phrase' });
    expect(noWords.status).toBe(400);
    expect(noWords.body.error.issues?.[0]?.path).toEqual(['q']);
    // Exponential backtracking on a long run of letters: refused after the time limit, and the
    // server still answers.
    const { project: long } = await server.newDocument(`${'a'.repeat(60)}!`, 'Long run');
    const started = Date.now();
    const runaway = await search({ q: '(a+)+$', mode: 'regex' }, undefined, long.id);
    expect(runaway.status).toBe(400);
    expect(runaway.body.error.issues?.[0]).toEqual(
      expect.objectContaining({ path: ['q'], message: expect.stringMatching(/took longer than/) }),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await search({ q: 'beds' })).body.total).toBe(4);
  });

  it('scans a pattern off the event loop: other searches answer meanwhile, and one pattern per user at a time', async () => {
    const { project: long } = await server.newDocument(`${'a'.repeat(60)}!`, 'Long run again');
    let runawayDone = false;
    const runaway = search({ q: '(a+)+$', mode: 'regex' }, undefined, long.id).then((res) => {
      runawayDone = true;
      return res;
    });
    // Had the pattern run on the server's own thread, nothing could answer before it gave up.
    const words = await search({ q: 'beds' });
    expect(words.body.total).toBe(4);
    expect(runawayDone).toBe(false);
    const second = await search({ q: 'a+', mode: 'regex' }, undefined, long.id);
    expect(runawayDone).toBe(false);
    expect(second.status).toBe(429);
    expect(second.body.error.code).toBe('rateLimited');
    expect((await runaway).status).toBe(400);
    // Once it has stopped, the same user may search with a pattern again.
    const again = await search({ q: 'a+', mode: 'regex' }, undefined, long.id);
    expect(again.status).toBe(200);
    expect(again.body.hits[0]).toMatchObject({ start: 0, end: 60 });
  });

  it('finds the Windows-1252 field case’s “new rota” typed with straight quotes, and It’s typed with an apostrophe', async () => {
    // The field case (test/fixtures/field-cases): a transcript whose quotes are U+201C/U+201D and
    // whose apostrophes are U+2019; a keyboard types " and '.
    const data = readFileSync(new URL('../fixtures/field-cases/cp1252-interview.txt', import.meta.url));
    const legacy = await server.api<Project>('POST', '/api/projects', { name: 'Legacy search' });
    const imported = await upload(server, `/api/projects/${legacy.body.id}/documents/import`, [
      { name: 'cp1252-interview.txt', data },
    ]);
    expect(imported.status).toBe(201);
    // Its two stamped turns are laid out as a transcript; the stamps became its timeline.
    const text =
      'Interviewer: Let\u2019s start \u2013 the \u201Cnew rota\u201D.\n\nRespondent: It\u2019s bad.';
    const cp = [...text];
    for (const [q, start, end] of [
      ['"new rota"', 31, 41],
      ['\u201Cnew rota\u201D', 31, 41],
      ["It's bad", 56, 64],
      ['start - the', 19, 30],
    ] as const) {
      const res = await search({ q, mode: 'phrase' }, undefined, legacy.body.id);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(1);
      expect(res.body.hits[0]).toMatchObject({ start, end, match: cp.slice(start, end).join('') });
    }
    expect(
      (await search({ q: '"new rota"', mode: 'phrase' }, undefined, legacy.body.id)).body.hits[0]!.match,
    ).toBe('\u201Cnew rota\u201D');
  });

  it('lets every member search, a coder in a blind round included; not others', async () => {
    const coder = await server.user('Blind Coder');
    const viewer = await server.user('Viewer');
    const stranger = await server.user('Stranger');
    await server.api('POST', `/api/projects/${project.id}/members`, { userId: coder.user.id, role: 'coder' });
    await server.api('POST', `/api/projects/${project.id}/members`, {
      userId: viewer.user.id,
      role: 'viewer',
    });
    expect((await server.api('PATCH', `/api/projects/${project.id}`, { blind: true })).status).toBe(200);
    try {
      expect((await search({ q: 'beds' }, coder.token)).body.total).toBe(4);
      expect((await search({ q: 'beds' }, viewer.token)).body.total).toBe(4);
      const refused = await search({ q: 'beds' }, stranger.token);
      // Like every project route: to a non-member the project does not exist.
      expect(refused.status).toBe(404);
      expect((await search({ q: 'beds' }, null)).status).toBe(401);
    } finally {
      await server.api('PATCH', `/api/projects/${project.id}`, { blind: false });
    }
  });
});

describe('the OpenAPI document', () => {
  it('describes the search route with its query parameters', async () => {
    const spec = await server.api<{ paths: Record<string, { get?: { parameters?: { name: string }[] } }> }>(
      'GET',
      '/api/openapi.json',
    );
    const route = spec.body.paths['/api/projects/{projectId}/search']?.get;
    expect(route?.parameters?.map((p) => p.name)).toEqual([
      'projectId',
      'q',
      'mode',
      'caseSensitive',
      'document',
      'limit',
      'offset',
    ]);
  });
});

describe('the index follows the texts', () => {
  it('makes an edit through a y-websocket client searchable', async () => {
    const client = connect(server.ws, roomName.text(docB.id), server.token);
    clients.push(client);
    await synced(client);
    contentText(client.doc).insert(0, 'Zebrafish mentioned. ');
    await expect
      .poll(async () => (await search({ q: 'zebrafish' })).body.hits.map((h) => [h.documentId, h.start]), {
        timeout: 5000,
      })
      .toEqual([[docB.id, 0]]);
    // Positions of later hits moved with the edit.
    expect((await search({ q: 'waiting' })).body.hits[0]?.start).toBe(21 + 27);
  });

  it('rebuilds a deleted index from the rooms on the next search', async () => {
    await server.app.storage.search.remove(docA.id);
    await server.app.storage.search.remove(docB.id);
    expect(await server.app.storage.search.versions(project.id)).toEqual(new Map());
    expect((await search({ q: 'bedside' })).body.hits.map((h) => h.documentId)).toEqual([docA.id]);
    expect((await server.app.storage.search.versions(project.id)).size).toBe(2);
  });

  it('drops a deleted document', async () => {
    const { project: other, document } = await server.newDocument('Ephemeral walrus text.', 'Gone soon');
    expect((await search({ q: 'walrus' }, undefined, other.id)).body.total).toBe(1);
    expect((await server.api('DELETE', `/api/projects/${other.id}/documents/${document.id}`)).status).toBe(
      204,
    );
    expect(await search({ q: 'walrus' }, undefined, other.id)).toMatchObject({
      status: 200,
      body: { total: 0, hits: [] },
    });
    expect(await server.app.storage.search.versions(other.id)).toEqual(new Map());
  });
});

describe('the demo project', () => {
  let demoServer: TestServer;
  beforeAll(async () => {
    demoServer = await startServer();
  });
  afterAll(async () => {
    await demoServer.destroy();
  });

  it('finds a phrase of Table 2 in the document of its site and source', async () => {
    const demo = await demoServer.loadDemo();
    const table2 = JSON.parse(readFileSync('/work/shared/demo/table2.json', 'utf8')) as {
      site: string;
      source: string;
      text: string;
    }[];
    const row = table2.find((r) => r.text.includes('who has the beds or does the work'))!;
    const res = await demoServer.api<SearchResult>(
      'GET',
      `/api/projects/${demo.project.id}/search?mode=phrase&q=${encodeURIComponent('who has the beds or does the work')}`,
    );
    expect(res.body.total).toBe(1);
    const [hit] = res.body.hits;
    expect(hit?.documentTitle).toBe(`${row.site} · ${row.source}`);
    expect(hit?.match).toBe('who has the beds or does the work');
    const docs = (await demoServer.api<Document[]>('GET', `/api/projects/${demo.project.id}/documents`)).body;
    expect(docs.find((d) => d.id === hit?.documentId)?.title).toBe(`${row.site} · ${row.source}`);
  });
});
