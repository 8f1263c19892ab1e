/** What any client has received survives `kill -9`; SIGTERM stops cleanly with nothing lost. */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { roomName } from '../../shared/protocol.ts';
import type { Document, Project } from '../../shared/schemas.ts';
import { startChildServer, type ChildServer } from '../helpers/childServer.ts';
import { closeAll, connect, synced, type Client } from '../helpers/clients.ts';
import { api, tempDir } from '../helpers/server.ts';

let clients: Client[] = [];
let servers: ChildServer[] = [];
let dataDir: string;

afterEach(async () => {
  closeAll(clients);
  clients = [];
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

async function createRoom(s: ChildServer): Promise<string> {
  const project = await s.api<Project>('POST', '/api/projects', { name: 'Durable' });
  const doc = await s.api<Document>('POST', `/api/projects/${project.body.id}/documents`, {
    title: 't',
    text: 'x',
  });
  return roomName.text(doc.body.id);
}

function open(s: ChildServer, room: string): Client {
  const c = connect(s.ws, room, s.token);
  clients.push(c);
  return c;
}

describe('durability', () => {
  it('keeps every update another client received across SIGKILL', async () => {
    dataDir = tempDir();
    const first = await start();
    const room = await createRoom(first);
    const writer = open(first, room);
    const reader = open(first, room);
    await Promise.all([writer, reader].map(synced));

    // The writer keeps editing; once the reader has seen 300 edits the server is killed mid-stream.
    const codings = writer.doc.getMap<number>('codings');
    let sent = 0;
    const pump = setInterval(() => {
      for (let i = 0; i < 20; i++) codings.set(`c${sent}`, sent++);
    }, 1);
    await vi.waitFor(() => expect(reader.doc.getMap('codings').size).toBeGreaterThanOrEqual(300), {
      timeout: 20_000,
    });
    first.child.kill('SIGKILL');
    clearInterval(pump);
    const received = [...reader.doc.getMap('codings').keys()];
    expect((await first.exited)[1]).toBe('SIGKILL');
    closeAll(clients);
    clients = [];

    const second = await start();
    const after = open(second, room);
    await synced(after);
    const stored = after.doc.getMap('codings');
    const lost = received.filter((k) => !stored.has(k));
    expect(lost).toEqual([]);
    expect(received.length).toBeGreaterThanOrEqual(300);
  });

  it('stops cleanly on SIGTERM, flushing what it acknowledged', async () => {
    dataDir = tempDir();
    const first = await start();
    const room = await createRoom(first);
    const writer = open(first, room);
    const reader = open(first, room);
    await Promise.all([writer, reader].map(synced));
    for (let i = 0; i < 100; i++) writer.doc.getMap('m').set(`k${i}`, i);
    await vi.waitFor(() => expect(reader.doc.getMap('m').size).toBe(100));
    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual([0, null]);
    expect(first.logs.some((l) => l.includes('stopped cleanly'))).toBe(true);
    closeAll(clients);
    clients = [];

    const second = await start();
    const after = open(second, room);
    await synced(after);
    expect(after.doc.getMap('m').size).toBe(100);
  });
});

describe('first start', () => {
  it('creates an administrator and the demo members, printing their passwords once', async () => {
    dataDir = tempDir();
    const first = await startChildServer({ DATA_DIR: dataDir, DEMO: 'true' }, { admin: false });
    servers.push(first);
    // The credentials follow the "listening" line; wait until the whole block has arrived.
    await vi.waitFor(() => expect(first.logs.join('\n')).toMatch(/Demo supervisor.*password: \S+/));
    const output = first.logs.join('\n');
    const admin = /Administrator: (\S+)\n\s+password: (\S+)/.exec(output);
    expect(admin).not.toBeNull();
    const login = await api<{ token: string }>(
      first.http,
      'POST',
      '/api/auth/login',
      { email: admin![1], password: admin![2] },
      null,
    );
    expect(login.status).toBe(200);
    const supervisor = /Demo supervisor \(reviewer\): (\S+)\s+password: (\S+)/.exec(output);
    const asSupervisor = await api<{ token: string }>(
      first.http,
      'POST',
      '/api/auth/login',
      { email: supervisor![1], password: supervisor![2] },
      null,
    );
    const projects = await api<{ name: string }[]>(
      first.http,
      'GET',
      '/api/projects',
      undefined,
      asSupervisor.body.token,
    );
    expect(projects.body.map((p) => p.name)).toEqual([
      'Clinical leaders in integrated care governance (demo)',
    ]);
    expect(output.match(/password:/g)).toHaveLength(4);

    // A restart prints no passwords again.
    first.child.kill('SIGTERM');
    await first.exited;
    const second = await startChildServer({ DATA_DIR: dataDir, DEMO: 'true' }, { admin: false });
    servers.push(second);
    expect(second.logs.join('\n')).not.toMatch(/password:/);
  });
});
