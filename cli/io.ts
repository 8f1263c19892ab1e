/** What a CLI command may touch: passed in so commands are testable without a real terminal. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

/** A sub-command: resolves to the process exit code. */
export type CliCommand = (args: string[], io: CliIo) => Promise<number>;
