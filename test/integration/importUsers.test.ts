/**
 * Who a REFI `<User>` becomes on import: an existing user found by REFI GUID, Concord id, e-mail,
 * or name among the importer's colleagues (each choice reported), never a stranger — whatever the
 * file names them by — never one person for two users of the file; anyone else a new user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportedProject } from '../../shared/interchange/api.ts';
import type { Project } from '../../shared/schemas.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { upload, zip } from '../helpers/transfer.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.destroy();
});

const GUID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A project whose users each code one passage of one document. */
function qdpx(users: { guid: string; name: string; id?: string }[]): Promise<Buffer> {
  const selections = users
    .map(
      (u, i) =>
        `<PlainTextSelection guid="${GUID(100 + i)}" startPosition="0" endPosition="4" creatingUser="${u.guid}"><Coding guid="${GUID(200 + i)}" creatingUser="${u.guid}"><CodeRef targetGUID="${GUID(10)}"/></Coding></PlainTextSelection>`,
    )
    .join('');
  return zip({
    'project.qde': `<Project xmlns="urn:QDA-XML:project:1.0" name="Users">
      <Users>${users.map((u) => `<User guid="${u.guid}" name="${u.name}"${u.id ? ` id="${u.id}"` : ''}/>`).join('')}</Users>
      <CodeBook><Codes><Code guid="${GUID(10)}" name="C" isCodable="true"/></Codes></CodeBook>
      <Sources><TextSource guid="${GUID(20)}" name="D"><PlainTextContent>Some words.</PlainTextContent>${selections}</TextSource></Sources>
    </Project>`,
  });
}

async function importAs(file: Buffer, token = server.token): Promise<ImportedProject> {
  const res = await upload<ImportedProject>(
    server,
    '/api/projects/import',
    [{ name: 'u.qdpx', data: file }],
    {
      token,
    },
  );
  expect(res.status).toBe(201);
  return res.body;
}

describe('users of an imported project', () => {
  it('are matched by e-mail and by name among colleagues, with each choice reported', async () => {
    const dana = await server.user('Dana Reyes');
    const eli = await server.user('Eli Stone');
    // Dana and Eli work with the importer; a stranger of the same name as someone in the file does not.
    const shared = await server.api<Project>('POST', '/api/projects', { name: 'Shared' });
    for (const u of [dana, eli])
      await server.api('POST', `/api/projects/${shared.body.id}/members`, {
        userId: u.user.id,
        role: 'coder',
      });
    await server.user('Frankie Moss');

    const result = await importAs(
      await qdpx([
        { guid: GUID(1), name: 'D. Reyes', id: dana.user.email },
        { guid: GUID(2), name: '  eli   STONE ' },
        { guid: GUID(3), name: 'Frankie Moss' },
      ]),
    );
    expect(result.import.coders.map((c) => [c.name, c.matchedBy, c.created])).toEqual([
      ['D. Reyes', 'email', false],
      ['eli   STONE', 'name', false],
      ['Frankie Moss', null, true],
    ]);
    expect(result.import.coders.slice(0, 2).map((c) => c.id)).toEqual([dana.user.id, eli.user.id]);
    expect(result.import.warnings).toEqual(
      expect.arrayContaining([
        `D. Reyes: matched the existing user Dana Reyes <${dana.user.email}> by the e-mail address in the file`,
        `eli   STONE: matched the existing user Eli Stone <${eli.user.email}> by name, among people you share a project with`,
      ]),
    );

    // Importing the same file again finds all three by the GUIDs the first import remembered.
    const again = await importAs(
      await qdpx([
        { guid: GUID(1), name: 'D. Reyes', id: dana.user.email },
        { guid: GUID(2), name: '  eli   STONE ' },
        { guid: GUID(3), name: 'Frankie Moss' },
      ]),
    );
    expect(again.import.coders.map((c) => [c.id, c.matchedBy])).toEqual(
      result.import.coders.map((c) => [c.id, 'guid']),
    );
  });

  it('two users of one file are never one person, and an ambiguous name makes a new user', async () => {
    const first = await server.user('Gale Kim');
    const second = {
      user: await server.app.auth.createUser({
        email: 'gale.kim.2@test.local',
        name: 'Gale Kim',
        password: 'a long enough password',
        isAdmin: false,
      }),
    };
    const project = await server.api<Project>('POST', '/api/projects', { name: 'Two Gales' });
    for (const u of [first, second])
      await server.api('POST', `/api/projects/${project.body.id}/members`, {
        userId: u.user.id,
        role: 'coder',
      });
    const hal = await server.user('Hal Ito');
    await server.api('POST', `/api/projects/${project.body.id}/members`, {
      userId: hal.user.id,
      role: 'coder',
    });
    const result = await importAs(
      await qdpx([
        { guid: GUID(11), name: 'Gale Kim' },
        { guid: GUID(12), name: 'Hal', id: hal.user.email },
        { guid: GUID(13), name: 'Hal again', id: hal.user.email },
      ]),
    );
    expect(result.import.coders.map((c) => [c.name, c.matchedBy, c.created])).toEqual([
      ['Gale Kim', null, true],
      ['Hal', 'email', false],
      ['Hal again', null, true],
    ]);
    expect(result.import.warnings).toContain(
      'Gale Kim: 2 people you share a project with have this name, so a new user was made',
    );
    expect(new Set(result.import.coders.map((c) => c.id)).size).toBe(3);
  });

  it('never match a stranger, by GUID, id or e-mail, nor say who has them', async () => {
    // A user who is nobody's colleague plants a GUID on their own account with an import of theirs.
    const stranger = await server.user('Mallory Vance');
    await importAs(await qdpx([{ guid: GUID(31), name: 'Me', id: stranger.user.id }]), stranger.token);
    const admin = (await server.api<{ user: { email: string } }>('GET', '/api/me')).body.user;

    const result = await importAs(
      await qdpx([
        { guid: GUID(31), name: 'Real coder' },
        { guid: GUID(32), name: 'By id', id: stranger.user.id },
        { guid: GUID(33), name: 'By address', id: stranger.user.email },
      ]),
      // Imported by someone who shares no project with the stranger.
      (await server.user('Importer')).token,
    );
    expect(result.import.coders.map((c) => [c.name, c.matchedBy, c.created])).toEqual([
      ['Real coder', null, true],
      ['By id', null, true],
      ['By address', null, true],
    ]);
    expect(result.import.coders.map((c) => c.id)).not.toContain(stranger.user.id);
    expect(JSON.stringify(result.import.warnings)).not.toContain(stranger.user.email);
    const members = await server.api<{ userId: string }[]>('GET', `/api/projects/${result.id}/members`);
    expect(members.body.map((m) => m.userId)).not.toContain(stranger.user.id);

    // Not even an administrator's address pulls the administrator into someone's project.
    const byAdmin = await importAs(
      await qdpx([{ guid: GUID(41), name: 'Admin?', id: admin.email }]),
      stranger.token,
    );
    expect(byAdmin.import.coders.map((c) => c.matchedBy)).toEqual([null]);
  });
});
