/**
 * `concord users`: account administration on the server's own data (DATA_DIR, or DATABASE_URL for
 * PostgreSQL), with no server running and nobody signed in, so a lost administrator password can
 * always be recovered by whoever runs the server.
 */
import type { AuthService } from '../server/auth/AuthService.ts';
import type { Storage } from '../server/storage/Storage.ts';
import { parseCommandLine, UsageError } from './args.ts';
import type { CliCommand, CliIo } from './io.ts';

const USAGE = `Usage: concord users <command> [options]

Account administration on the server's data, offline: the same DATA_DIR (or DATABASE_URL and
DATABASE_SCHEMA for PostgreSQL) as the server. It works whether or not the server is running.

Commands:
  list                    every account: email, name, administrator or not
  reset-password <email>  give the account a new generated password, printed once on standard
                          output; its sign-in sessions end (API tokens stay)

Options:
  -h, --help              show this help

Exit codes: 0 done, 1 no such account or the data cannot be opened, 2 usage error.
`;

/** `concord users list|reset-password <email>`. */
export const usersCommand: CliCommand = async (args, io) => {
  try {
    const { values, positionals } = parseCommandLine(args, {
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    const [command, ...rest] = positionals;
    if (command === 'list') {
      if (rest.length > 0) throw new UsageError('list takes no arguments');
      return await withAuth(io, async ({ storage }) => {
        for (const u of await storage.listUsers()) {
          io.stdout.write(`${u.email}\t${u.name}${u.isAdmin ? '\tadministrator' : ''}\n`);
        }
        return 0;
      });
    }
    if (command === 'reset-password') {
      if (rest.length !== 1) throw new UsageError('reset-password takes one email address');
      return await withAuth(io, (deps) => resetPassword(io, deps, rest[0]!));
    }
    throw new UsageError(command === undefined ? 'missing command' : `unknown command '${command}'`);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`concord users: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
};

interface Deps {
  storage: Storage;
  auth: AuthService;
  now: () => Date;
  newId: () => string;
}

/** Opens the configured storage, runs `work`, closes it; a configuration or storage failure is exit 1. */
async function withAuth(io: CliIo, work: (deps: Deps) => Promise<number>): Promise<number> {
  const [{ loadConfig }, { openConfiguredStorage }, { AuthService }, { newId }] = await Promise.all([
    import('../server/config.ts'),
    import('../server/storage/open.ts'),
    import('../server/auth/AuthService.ts'),
    import('../server/ids.ts'),
  ]);
  let storage;
  try {
    storage = await openConfiguredStorage(loadConfig(io.env), { mustExist: true });
  } catch (error) {
    io.stderr.write(`concord users: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  try {
    const now = () => new Date();
    return await work({ storage, auth: new AuthService({ storage, now, newId }), now, newId });
  } finally {
    await storage.close();
  }
}

async function resetPassword(io: CliIo, deps: Deps, email: string): Promise<number> {
  const { audit } = await import('../server/services/audit.ts');
  const user = await deps.auth.findByEmail(email);
  if (!user) {
    io.stderr.write(`concord users: no account has the email '${email}' (see concord users list)\n`);
    return 1;
  }
  const reset = await deps.auth.resetPassword(user.id);
  await audit(deps, {
    projectId: null,
    actorId: null,
    action: 'user.passwordReset',
    details: { userId: user.id, endedSessions: reset.endedSessions.length, via: 'command line' },
  });
  // A running server closes these sessions' sockets and streams when its access watcher next
  // finds them gone from the database.
  const ended = reset.endedSessions.length;
  io.stderr.write(
    `New password for ${user.email} (shown only this once; ${ended} sign-in session${
      ended === 1 ? '' : 's'
    } ended):\n`,
  );
  io.stdout.write(`${reset.password}\n`);
  return 0;
}
