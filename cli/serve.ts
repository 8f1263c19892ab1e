import type { CliCommand } from './io.ts';

/** `concord serve`: the server, configured from the environment like `npm start`. */
export const serveCommand: CliCommand = async (_args, io) => {
  const { runServer } = await import('../server/main.ts');
  return runServer(io.env);
};
