import { open, stat } from 'node:fs/promises';
import { parseCommandLine } from './args.ts';
import { basename } from 'node:path';
import { IdSchema } from '../shared/protocol.ts';
import type { ImportedProject, ImportSummary } from '../shared/interchange/api.ts';
import type { CliCommand, CliIo } from './io.ts';
import { byteProgress, formatBytes } from './transfer/progress.ts';
import {
  call,
  CommandError,
  remoteFrom,
  report,
  responseError,
  UsageError,
  type Remote,
} from './transfer/remote.ts';

const USAGE = `Usage: concord import <files…> [options]

Imports into a Concord server: one REFI-QDA project (.qdpx) or codebook (.qdc) as a new
project, or transcripts (.txt, .md, .docx, .vtt, .srt) as a new project or, with --project,
into an existing one. Every file is checked first; if one cannot be read, none is imported.

Options:
  --project ID      add the transcripts to this project instead of creating one
  --name NAME       name of the new project (default: from the file)
  --server URL      the server (default: $CONCORD_URL)
  --token T         an API token (default: $CONCORD_TOKEN)
  --json            print the server's answer as JSON
  -h, --help        show this help

Exit codes: 0 imported, 1 refused (every reason is printed) or unreachable, 2 usage error.
`;

interface Command {
  files: string[];
  project?: string;
  name?: string;
  json: boolean;
  remote: Remote;
}

function parse(args: string[], env: NodeJS.ProcessEnv): Command | 'help' {
  const { values, positionals } = parseCommandLine(args, {
    project: { type: 'string' },
    name: { type: 'string' },
    server: { type: 'string' },
    token: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) return 'help';
  if (positionals.length === 0) throw new UsageError('no files to import');
  if (values.project !== undefined && !IdSchema.safeParse(values.project).success) {
    throw new UsageError(`--project expects a project id, got '${values.project}'`);
  }
  if (values.project !== undefined && values.name !== undefined) {
    throw new UsageError('--name names a new project; it does not go with --project');
  }
  return {
    files: positionals,
    ...(values.project === undefined ? {} : { project: values.project }),
    ...(values.name === undefined ? {} : { name: values.name }),
    json: values.json,
    remote: remoteFrom(values, env),
  };
}

/** The parts of a multipart/form-data body: text, then each file streamed from disk. */
type Part = { kind: 'bytes'; data: Uint8Array } | { kind: 'file'; path: string; size: number };

function quoteName(name: string): string {
  return name.replace(/["\\\r\n]/g, '_');
}

async function multipart(
  files: string[],
  fields: Record<string, string>,
): Promise<{ parts: Part[]; boundary: string; length: number }> {
  const boundary = `concord-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const text = (s: string): Part => ({ kind: 'bytes', data: new TextEncoder().encode(s) });
  const parts: Part[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(text(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const path of files) {
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new CommandError(`cannot read ${path}: no such file`);
    }
    if (!info.isFile()) throw new CommandError(`cannot read ${path}: not a file`);
    parts.push(
      text(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoteName(basename(path))}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      { kind: 'file', path, size: info.size },
      text('\r\n'),
    );
  }
  parts.push(text(`--${boundary}--\r\n`));
  const length = parts.reduce((n, p) => n + (p.kind === 'bytes' ? p.data.length : p.size), 0);
  return { parts, boundary, length };
}

/** Streams the parts, reporting every chunk sent. */
function bodyStream(parts: Part[], onChunk: (bytes: number) => void): ReadableStream<Uint8Array> {
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (const part of parts) {
      if (part.kind === 'bytes') {
        yield part.data;
        continue;
      }
      const handle = await open(part.path, 'r');
      try {
        for await (const chunk of handle.createReadStream({
          highWaterMark: 256 * 1024,
        }) as AsyncIterable<Buffer>) {
          yield new Uint8Array(chunk);
        }
      } finally {
        await handle.close();
      }
    }
  }
  const iterator = chunks();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else {
        onChunk(next.value.length);
        controller.enqueue(next.value);
      }
    },
  });
}

function printSummary(io: CliIo, summary: ImportSummary): void {
  for (const d of summary.documents) {
    const turns = d.turns > 0 ? `, ${d.turns} turns by ${d.speakers.join(', ')}` : '';
    io.stdout.write(`  ${d.title}${d.file ? ` (${d.file})` : ''}${turns}\n`);
  }
  if (summary.codes > 0 || summary.codings > 0) {
    const raters = summary.coders.filter((c) => c.rater).length;
    io.stdout.write(`  ${summary.codes} codes, ${summary.codings} codings by ${raters} coders\n`);
  }
  for (const coder of summary.coders) {
    if (coder.created) io.stdout.write(`  new user without a password: ${coder.name} (${coder.id})\n`);
    // NVivo lists everyone who opened the project: they join it, but rate nothing.
    if (!coder.rater && !coder.consensus)
      io.stdout.write(`  member who coded nothing (not a rater): ${coder.name}\n`);
  }
  for (const warning of summary.warnings) io.stderr.write(`warning: ${warning}\n`);
}

/** `concord import <files…>`: uploads files to a server's import routes. */
export const importCommand: CliCommand = async (args, io) => {
  try {
    const command = parse(args, io.env);
    if (command === 'help') {
      io.stdout.write(USAGE);
      return 0;
    }
    const { parts, boundary, length } = await multipart(
      command.files,
      command.name ? { name: command.name } : {},
    );
    const progress = byteProgress(
      io,
      `uploading ${command.files.length} file${command.files.length === 1 ? '' : 's'}`,
      length,
    );
    const path = command.project
      ? `/api/projects/${command.project}/documents/import`
      : '/api/projects/import';
    let res: Response;
    try {
      res = await call(command.remote, path, {
        method: 'POST',
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(length),
        },
        body: bodyStream(parts, (n) => progress.advance(n)),
        duplex: 'half',
      });
    } finally {
      progress.finish();
    }
    if (!res.ok) throw await responseError(res, 'import');
    const body = (await res.json()) as ImportedProject | ImportSummary;
    if (command.json) {
      io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      return 0;
    }
    if ('import' in body) {
      io.stdout.write(`imported ${formatBytes(length)} into the new project "${body.name}" (${body.id})\n`);
      printSummary(io, body.import);
    } else {
      io.stdout.write(
        `added ${body.documents.length} document${body.documents.length === 1 ? '' : 's'} to project ${command.project}\n`,
      );
      printSummary(io, body);
    }
    return 0;
  } catch (error) {
    return report(io, 'import', USAGE, error);
  }
};
