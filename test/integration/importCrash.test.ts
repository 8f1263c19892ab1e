/**
 * An import killed with SIGKILL at random points is whole or nothing after a restart: either no
 * trace of it (no project, no rooms, no pending record), or the whole project with every document,
 * its codings and an owner. The field fault: `kill -9` during a 1,500-document import left 384
 * documents and no owner. The test watches the child's SQLite file (WAL: readers beside the
 * writer) and kills when the import has written a chosen share of its rooms.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CodedDocument } from '../../shared/model/codedDocument.ts';
import type { Document, Membership, Project } from '../../shared/schemas.ts';
import { startChildServer, type ChildServer } from '../helpers/childServer.ts';
import { tempDir } from '../helpers/server.ts';
import { zip } from '../helpers/transfer.ts';

const DOCUMENTS = 600;
/** A text room per document, a layer per coder and document, and the codebook. */
const ROOMS = DOCUMENTS * 3 + 1;

let servers: ChildServer[] = [];
let dataDir = '';

afterEach(async () => {
  for (const s of servers)
    if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  await Promise.all(servers.map((s) => s.exited));
  servers = [];
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<ChildServer> {
  const s = await startChildServer({ DATA_DIR: dataDir });
  servers.push(s);
  return s;
}

const GUID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A REFI project of many short interviews, each coded by two coders. */
async function largeQdpx(): Promise<Buffer> {
  const sources = Array.from({ length: DOCUMENTS }, (_, i) => {
    const n = 1000 + i;
    return `<TextSource guid="${GUID(n)}" name="Interview ${i + 1}"><PlainTextContent>Q: How was it? 😊\nA: The bus was late again, number ${i}.</PlainTextContent>
      <PlainTextSelection guid="${GUID(100_000 + i)}" startPosition="17" endPosition="40" creatingUser="${GUID(1)}"><Coding guid="${GUID(200_000 + i)}" creatingUser="${GUID(1)}"><CodeRef targetGUID="${GUID(10)}"/></Coding></PlainTextSelection>
      <PlainTextSelection guid="${GUID(300_000 + i)}" startPosition="20" endPosition="40" creatingUser="${GUID(2)}"><Coding guid="${GUID(400_000 + i)}" creatingUser="${GUID(2)}"><CodeRef targetGUID="${GUID(10)}"/></Coding></PlainTextSelection>
    </TextSource>`;
  });
  return zip({
    'project.qde': `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Large study">
  <Users><User guid="${GUID(1)}" name="Coder A"/><User guid="${GUID(2)}" name="Coder B"/></Users>
  <CodeBook><Codes><Code guid="${GUID(10)}" name="Transport" isCodable="true"/></Codes></CodeBook>
  <Sources>${sources.join('\n')}</Sources>
</Project>`,
  });
}

/** What the child's database holds, read beside it. */
function counts(file: string): { rooms: number; pending: number; projects: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      rooms: one('select count(*) as n from rooms'),
      pending: one('select count(*) as n from pending_imports'),
      projects: one('select count(*) as n from projects'),
    };
  } finally {
    db.close();
  }
}

function send(s: ChildServer, data: Buffer): Promise<number> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)]), 'large.qdpx');
  return fetch(`${s.http}/api/projects/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.token}` },
    body: form,
  }).then(
    (res) => res.status,
    () => 0,
  );
}

/** The project as a user sees it after the restart: whole, with an owner, or absent. */
async function check(s: ChildServer, file: string, what: string): Promise<'absent' | 'whole'> {
  const projects = (await s.api<Project[]>('GET', '/api/projects')).body;
  const after = counts(file);
  expect(after.pending, `${what}: pending imports left`).toBe(0);
  if (projects.length === 0) {
    expect(after, `${what}: leftovers of an import that never finished`).toEqual({
      rooms: 0,
      pending: 0,
      projects: 0,
    });
    return 'absent';
  }
  expect(
    projects.map((p) => p.name),
    what,
  ).toEqual(['Large study']);
  const id = projects[0]!.id;
  const documents = (await s.api<Document[]>('GET', `/api/projects/${id}/documents`)).body;
  expect(documents, what).toHaveLength(DOCUMENTS);
  const members = (await s.api<Membership[]>('GET', `/api/projects/${id}/members`)).body;
  expect(
    members.filter((m) => m.role === 'owner'),
    `${what}: an owner`,
  ).toHaveLength(1);
  expect(after.rooms, what).toBe(ROOMS);
  const last = documents.at(-1)!;
  const coded = (await s.api<CodedDocument>('GET', `/api/projects/${id}/documents/${last.id}/codings`)).body;
  expect(coded.codings, what).toHaveLength(2);
  return 'whole';
}

describe('an import killed with SIGKILL', () => {
  it('is whole or nothing after a restart, and unfinished imports are cleaned up at start', async () => {
    const data = await largeQdpx();
    // Kill points: as soon as the import is recorded, and at random shares of its rooms.
    const shares = [0, Math.random() * 0.5, 0.5 + Math.random() * 0.45];
    let killedMidway = 0;
    for (const share of shares) {
      dataDir = tempDir();
      const file = join(dataDir, 'concord.sqlite');
      const first = await start();
      const threshold = Math.floor(share * ROOMS);
      const what = `killed at ${threshold} of ${ROOMS} rooms`;
      const upload = send(first, data);
      // Kill as soon as the import has begun and written `threshold` rooms, or once it finished.
      let midway = false;
      await vi.waitFor(
        () => {
          const now = counts(file);
          midway = now.pending === 1 && now.rooms >= threshold;
          expect(midway || now.projects === 1).toBe(true);
        },
        { timeout: 60_000, interval: 5 },
      );
      first.child.kill('SIGKILL');
      expect((await first.exited)[1]).toBe('SIGKILL');
      await upload;
      if (midway) killedMidway++;

      const second = await start();
      const outcome = await check(second, file, what);
      if (midway) {
        // Killed before the commit: the import is gone, and the restart said so.
        expect(outcome, what).toBe('absent');
        expect(
          second.logs.some((l) => l.includes('removed an import that never finished')),
          what,
        ).toBe(true);
      }
      second.child.kill('SIGKILL');
      await second.exited;
      servers = servers.filter((s) => s !== first && s !== second);
      rmSync(dataDir, { recursive: true, force: true });
    }
    // The import is slow enough that the kills land inside it, not after it.
    expect(killedMidway).toBeGreaterThanOrEqual(2);
  }, 240_000);
});
