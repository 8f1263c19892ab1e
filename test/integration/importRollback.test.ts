/**
 * A write that fails midway through an import removes everything the import wrote: rooms,
 * users, the project with its documents and members, and its pending record. Storage is the real
 * SQLite database; one of its methods is made to fail at a chosen call, as a full disk or a lost
 * connection would.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import { ImportService } from '../../server/services/import/ImportService.ts';
import { extractPdfText } from '../../server/services/import/pdf.ts';
import { DEFAULT_ZIP_LIMITS } from '../../server/services/import/zip.ts';
import type { Storage } from '../../server/storage/Storage.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { zip } from '../helpers/transfer.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.destroy();
});

const GUID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

async function qdpx(): Promise<Buffer> {
  const source = (n: number) =>
    `<TextSource guid="${GUID(n)}" name="Doc ${n}"><PlainTextContent>Hello 😀 world ${n}</PlainTextContent>
      <PlainTextSelection guid="${GUID(n + 100)}" startPosition="0" endPosition="7"><Coding guid="${GUID(n + 200)}" creatingUser="${GUID(1)}"><CodeRef targetGUID="${GUID(10)}"/></Coding></PlainTextSelection>
      <PlainTextSelection guid="${GUID(n + 300)}" startPosition="2" endPosition="9"><Coding guid="${GUID(n + 400)}" creatingUser="${GUID(2)}"><CodeRef targetGUID="${GUID(10)}"/></Coding></PlainTextSelection>
    </TextSource>`;
  return zip({
    'project.qde': `<Project xmlns="urn:QDA-XML:project:1.0" name="Rollback">
      <Users><User guid="${GUID(1)}" name="One"/><User guid="${GUID(2)}" name="Two"/></Users>
      <CodeBook><Codes><Code guid="${GUID(10)}" name="C" isCodable="true"/></Codes></CodeBook>
      <Sources>${source(20)}${source(21)}</Sources></Project>`,
  });
}

/** The storage, with `method` throwing on its `nth` call. */
function failing(storage: Storage, method: keyof Storage, nth: number): Storage {
  let calls = 0;
  const original = storage[method] as (...args: unknown[]) => Promise<unknown>;
  const wrapper = Object.create(storage) as Storage;
  Object.defineProperty(wrapper, method, {
    value: (...args: unknown[]) => {
      calls++;
      return calls === nth
        ? Promise.reject(new Error(`disk full (${method} #${nth})`))
        : original.apply(storage, args);
    },
  });
  return wrapper;
}

async function state(storage: Storage) {
  return {
    projects: (await storage.listProjects()).map((p) => p.id),
    users: (await storage.listUsers()).map((u) => u.id),
    rooms: await storage.listRooms(),
    pending: await storage.listPendingImports('9999-01-01T00:00:00.000Z'),
  };
}

describe('an import whose writes fail midway', () => {
  it.each([
    ['beginImport', 1],
    ['appendUpdates', 1],
    ['appendUpdates', 3],
    ['commitImport', 1],
  ] as const)('%s failing on call %i leaves nothing behind', async (method, nth) => {
    const { storage } = server.app;
    const before = await state(storage);
    const imports = new ImportService({
      ...server.app.services,
      storage: failing(storage, method, nth),
      logger: pino({ level: 'silent' }),
      zipLimits: DEFAULT_ZIP_LIMITS,
      maxMediaBytes: 2 ** 31,
      readPdf: extractPdfText,
    });
    await expect(
      imports.importProject([{ name: 'p.qdpx', data: await qdpx() }], server.admin),
    ).rejects.toThrow(`disk full (${method} #${nth})`);
    expect(await state(storage)).toEqual(before);
  });

  it('the same import succeeds on healthy storage', async () => {
    const imports = new ImportService({
      ...server.app.services,
      logger: pino({ level: 'silent' }),
      zipLimits: DEFAULT_ZIP_LIMITS,
      maxMediaBytes: 2 ** 31,
      readPdf: extractPdfText,
    });
    const { project, summary } = await imports.importProject(
      [{ name: 'p.qdpx', data: await qdpx() }],
      server.admin,
    );
    expect(summary).toMatchObject({
      codes: 1,
      codings: 4,
      documents: [{ title: 'Doc 20' }, { title: 'Doc 21' }],
    });
    // Two text rooms, a codebook, and a layer per coder and document.
    expect((await server.app.storage.listRooms()).filter((r) => r.startsWith('layer:'))).toHaveLength(4);
    expect(await server.app.storage.getProject(project.id)).not.toBeNull();
  });

  it('refuses an empty codebook before writing anything', async () => {
    const before = await state(server.app.storage);
    const imports = new ImportService({
      ...server.app.services,
      logger: pino({ level: 'silent' }),
      zipLimits: DEFAULT_ZIP_LIMITS,
      maxMediaBytes: 2 ** 31,
      readPdf: extractPdfText,
    });
    const error = await imports
      .importProject(
        [
          {
            name: 'x.qdc',
            data: Buffer.from('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes></Codes></CodeBook>'),
          },
        ],
        server.admin,
        { name: 'x' },
      )
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe('x.qdc holds no codes');
    expect(await state(server.app.storage)).toEqual(before);
  });
});
