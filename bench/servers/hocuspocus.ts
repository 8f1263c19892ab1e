/**
 * Hocuspocus as a peer: `@hocuspocus/server` 3.4 persisting through
 * `@hocuspocus/extension-database` on `better-sqlite3`, the engine Concord uses, with the pragmas
 * Concord uses (WAL, `synchronous=NORMAL`) and Hocuspocus's default store debounce (2 s after the
 * last change, at most 10 s). One table holds each document's whole state, as the extension's
 * `fetch`/`store` contract expects.
 *
 * Run as `node --import tsx bench/servers/hocuspocus.ts <data file> [port] [debounce ms]`: opens (or creates)
 * the data file, listens on 127.0.0.1 (port 0, the default, picks a free one) and prints
 * `PORT <n>` once it accepts connections. A debounce given replaces the default (the store then
 * waits that long after the last change, and at most five times as long after the first): the
 * loss counter's test uses a long one so its outcome cannot depend on the machine's speed. SIGTERM stores every loaded document and exits 0
 * (Hocuspocus's own signal handling); SIGKILL loses what is still waiting for its debounce.
 */
import { Database as DatabaseExtension } from '@hocuspocus/extension-database';
import { Server } from '@hocuspocus/server';
import Sqlite from 'better-sqlite3';

const [file, portArgument = '0', debounceArgument] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: hocuspocus.ts <data file> [port]\n');
  process.exit(2);
}

const db = new Sqlite(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('CREATE TABLE IF NOT EXISTS documents (name TEXT PRIMARY KEY, state BLOB NOT NULL)');
const select = db.prepare<[string], { state: Buffer }>('SELECT state FROM documents WHERE name = ?');
const upsert = db.prepare<[string, Buffer]>(
  'INSERT INTO documents (name, state) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET state = excluded.state',
);

const debounce =
  debounceArgument === undefined
    ? {}
    : { debounce: Number(debounceArgument), maxDebounce: 5 * Number(debounceArgument) };
const server = new Server({
  ...debounce,
  port: Number(portArgument),
  address: '127.0.0.1',
  quiet: true,
  extensions: [
    new DatabaseExtension({
      fetch: ({ documentName }) => {
        const row = select.get(documentName);
        return Promise.resolve(row ? new Uint8Array(row.state) : null);
      },
      store: ({ documentName, state }) => {
        upsert.run(documentName, state);
        return Promise.resolve();
      },
    }),
  ],
});
await server.listen();
process.stdout.write(`PORT ${server.address.port}\n`);
