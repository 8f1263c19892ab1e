import { randomBytes } from 'node:crypto';
import { parseCommandLine } from './args.ts';
import { open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { IdSchema } from '../shared/protocol.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../shared/interchange/api.ts';
import type { CliCommand } from './io.ts';
import { fetchLayer } from './transfer/layer.ts';
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

const FORMATS = Object.keys(EXPORT_FORMATS) as ExportFormat[];

const USAGE = `Usage: concord export <projectId> --format FORMAT --out FILE [options]
       concord export --project ID --format FORMAT --out FILE [options]

Exports a project from a Concord server.

Formats:
  qdpx            REFI-QDA project (NVivo, ATLAS.ti, MAXQDA, QualCoder)
  qdc             REFI-QDA codebook
  csv, xlsx       every coding as a tidy row (R, Python, spreadsheets)
  quotes-md, quotes-html, quotes-docx
                  illustrative quotes by theme and code for one layer (needs --layer)
  agreement-html, agreement-csv, agreement-json
                  the agreement report

Options:
  --project ID      the project (instead of <projectId>; write --project=ID for an old id that
                    begins with "-", or put the id after "--")
  --format FORMAT   one of the formats above
  --out FILE        where to write ("-" for standard output)
  --layer CODER     a coder's name, e-mail address or id, or "consensus"
                    (quotes: required; csv, xlsx: only that layer)
  --unit, --segments, --overlap, --ci, --seed
                    agreement options, as for GET /api/projects/:id/agreement
  --server URL      the server (default: $CONCORD_URL)
  --token T         an API token (default: $CONCORD_TOKEN)
  -h, --help        show this help

The file is written only when the whole export has arrived.
Exit codes: 0 written, 1 refused (the reason is printed), unreachable or not writable, 2 usage error.
`;

const AGREEMENT_OPTIONS = ['unit', 'segments', 'overlap', 'ci', 'seed'] as const;

interface Command {
  projectId: string;
  format: ExportFormat;
  out: string;
  query: URLSearchParams;
  remote: Remote;
}

function parse(args: string[], env: NodeJS.ProcessEnv): Command | 'help' {
  const { values, positionals } = parseCommandLine(args, {
    project: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    layer: { type: 'string' },
    server: { type: 'string' },
    token: { type: 'string' },
    unit: { type: 'string' },
    segments: { type: 'string' },
    overlap: { type: 'string' },
    ci: { type: 'string' },
    seed: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) return 'help';
  // The id either as the one positional or as --project, never both.
  const ids = [...positionals, ...(values.project === undefined ? [] : [values.project])];
  if (ids.length !== 1) {
    throw new UsageError(ids.length === 0 ? 'missing project id' : 'expected exactly one project id');
  }
  const projectId = ids[0]!;
  if (!IdSchema.safeParse(projectId).success) throw new UsageError(`'${projectId}' is not a project id`);
  const format = values.format as ExportFormat | undefined;
  if (format === undefined) throw new UsageError('--format is required');
  if (!FORMATS.includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}; got '${format}'`);
  if (values.out === undefined)
    throw new UsageError('--out is required (a file, or "-" for standard output)');
  const query = new URLSearchParams(EXPORT_FORMATS[format].query);
  const layer = values.layer;
  if (format.startsWith('quotes-') && layer === undefined)
    throw new UsageError(`--format ${format} needs --layer`);
  if (layer !== undefined) {
    if (!['csv', 'xlsx'].includes(format) && !format.startsWith('quotes-')) {
      throw new UsageError('--layer applies to quotes-*, csv and xlsx only');
    }
    query.set('layer', layer);
  }
  for (const option of AGREEMENT_OPTIONS) {
    const value = values[option];
    if (value === undefined) continue;
    if (!format.startsWith('agreement-'))
      throw new UsageError(`--${option} applies to agreement-* formats only`);
    query.set(option, value);
  }
  return {
    projectId,
    format,
    out: values.out,
    query,
    remote: remoteFrom(values as { server?: string; token?: string }, env),
  };
}

/** `concord export <projectId> --format … --out …`: downloads an export. */
export const exportCommand: CliCommand = async (args, io) => {
  let partial: string | null = null;
  try {
    const command = parse(args, io.env);
    if (command === 'help') {
      io.stdout.write(USAGE);
      return 0;
    }
    const { path } = EXPORT_FORMATS[command.format];
    const layer = command.query.get('layer');
    if (layer !== null)
      command.query.set('layer', await fetchLayer(command.remote, command.projectId, layer));
    const search = command.query.toString();
    const res = await call(
      command.remote,
      `/api/projects/${command.projectId}/${path}${search ? `?${search}` : ''}`,
    );
    if (!res.ok || !res.body) throw await responseError(res, 'export');
    const length = Number(res.headers.get('content-length') ?? NaN);
    const progress = byteProgress(
      io,
      `downloading ${command.format}`,
      Number.isFinite(length) ? length : null,
    );
    let written = 0;
    try {
      if (command.out === '-') {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          io.stdout.write(chunk);
          written += chunk.length;
          progress.advance(chunk.length);
        }
      } else {
        // Written beside the target and renamed at the end, so a failed export leaves no half file.
        partial = join(dirname(command.out), `.${randomBytes(6).toString('hex')}.partial`);
        let handle;
        try {
          handle = await open(partial, 'wx');
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          partial = null;
          throw new CommandError(`cannot write ${command.out}: ${reason}`);
        }
        try {
          for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
            await handle.write(chunk);
            written += chunk.length;
            progress.advance(chunk.length);
          }
        } finally {
          await handle.close();
        }
        await rename(partial, command.out);
        partial = null;
      }
    } finally {
      progress.finish();
    }
    if (command.out !== '-') io.stderr.write(`wrote ${command.out} (${formatBytes(written)})\n`);
    for (const [header, what] of [
      ['x-concord-orphaned-codings', 'codings whose text was deleted'],
      ['x-concord-unknown-code-codings', 'codings of codes no longer in the codebook'],
    ] as const) {
      const count = Number(res.headers.get(header) ?? 0);
      if (count > 0) io.stderr.write(`warning: ${count} ${what} were left out\n`);
    }
    return 0;
  } catch (error) {
    if (partial !== null) await rm(partial, { force: true });
    return report(io, 'export', USAGE, error);
  }
};
