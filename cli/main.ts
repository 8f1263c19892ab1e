import type { CliCommand, CliIo } from './io.ts';

const USAGE = `Usage: concord <command> [options]

Commands:
  serve                 start the server (same as npm start)
  agreement <file>      inter-rater agreement of a .json or .qdpx file (--help for options)
  import <files…>       import a .qdpx, .qdc or transcripts into a server (--help for options)
  export <projectId>    export a project from a server: qdpx, qdc, csv, xlsx, quotes, agreement
  users reset-password <email>
                        a new password for an account, on the server's data (DATA_DIR or
                        DATABASE_URL), offline; also: users list
`;

/** Commands load lazily so `concord agreement` does not pay for the server's imports. */
const commands: Record<string, () => Promise<CliCommand>> = {
  serve: async () => (await import('./serve.ts')).serveCommand,
  agreement: async () => (await import('./agreement.ts')).agreementCommand,
  import: async () => (await import('./import.ts')).importCommand,
  export: async () => (await import('./export.ts')).exportCommand,
  users: async () => (await import('./users.ts')).usersCommand,
};

/** Dispatches `concord <command> …`; resolves to the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const load = commands[name];
  if (!load) {
    io.stderr.write(`concord: unknown command '${name}'\n\n${USAGE}`);
    return 2;
  }
  return (await load())(rest, io);
}
