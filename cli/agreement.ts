import { AppError } from '../shared/errors.ts';
import { parseCommandLine, UsageError } from './args.ts';
import {
  computeAgreement,
  SegmentationSchema,
  UnitOfAnalysisSchema,
  type AgreementInput,
  type AgreementOptionsInput,
  type Segmentation,
} from '../shared/agreement/index.ts';
import { formatReport } from './agreement/format.ts';
import { loadAgreementInput } from './agreement/load.ts';
import { progressBar } from './agreement/progress.ts';
import type { CliCommand, CliIo } from './io.ts';

const USAGE = `Usage: concord agreement <file.json|file.qdpx> [options]

Inter-rater agreement of the codings in <file> (format: docs/agreement.md).

Options:
  --unit character|segment|unitizing   unit of analysis (default: segment)
  --segments paragraph|line|sentence|turn|given
                                       segmentation for --unit segment (default: given when
                                       every document lists its units, else paragraph)
  --overlap θ                          a code applies to a segment when it covers ≥ θ of it;
                                       "any" or 0: any overlap (default)
  --ci N                               N bootstrap replicates for 95% confidence intervals
  --seed S                             bootstrap seed (default 1)
  --resample units|documents           what the bootstrap resamples (default units)
  --json                               print the report as JSON
  -h, --help                           show this help

Exit codes: 0 done, 1 unreadable or invalid file, 2 usage error.
`;

function parseNumber(flag: string, value: string, check: (n: number) => boolean, expected: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n))
    throw new UsageError(`${flag} expects ${expected}, got '${value}'`);
  return n;
}

interface Command {
  file: string;
  json: boolean;
  options: AgreementOptionsInput;
  segmentsGiven: boolean;
}

function parse(args: string[]): Command | 'help' {
  const { values, positionals } = parseCommandLine(args, {
    unit: { type: 'string' },
    segments: { type: 'string' },
    overlap: { type: 'string' },
    ci: { type: 'string' },
    seed: { type: 'string' },
    resample: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) return 'help';
  if (positionals.length !== 1 || positionals[0] === undefined) {
    throw new UsageError(positionals.length === 0 ? 'missing input file' : 'expected exactly one input file');
  }
  const unit = UnitOfAnalysisSchema.safeParse(values.unit ?? 'segment');
  if (!unit.success)
    throw new UsageError(`--unit must be character, segment or unitizing, got '${values.unit ?? ''}'`);
  const segments = values.segments === undefined ? undefined : SegmentationSchema.safeParse(values.segments);
  if (segments && !segments.success) {
    throw new UsageError(
      `--segments must be paragraph, line, sentence, turn or given, got '${values.segments ?? ''}'`,
    );
  }
  if (unit.data !== 'segment' && (values.segments !== undefined || values.overlap !== undefined)) {
    throw new UsageError('--segments and --overlap only apply to --unit segment');
  }
  const overlap =
    values.overlap === undefined || values.overlap === 'any'
      ? 'any'
      : parseNumber('--overlap', values.overlap, (n) => n >= 0 && n <= 1, 'a number from 0 to 1 or "any"');
  if (values.ci === undefined && (values.seed !== undefined || values.resample !== undefined)) {
    throw new UsageError('--seed and --resample need --ci');
  }
  const resample = values.resample ?? 'units';
  if (resample !== 'units' && resample !== 'documents') {
    throw new UsageError(`--resample must be units or documents, got '${resample}'`);
  }
  const ci =
    values.ci === undefined
      ? undefined
      : {
          replicates: parseNumber(
            '--ci',
            values.ci,
            (n) => Number.isInteger(n) && n >= 2 && n <= 1_000_000,
            'a whole number of replicates from 2 to 1000000',
          ),
          seed:
            values.seed === undefined
              ? 1
              : parseNumber('--seed', values.seed, Number.isInteger, 'a whole number'),
          resample: resample as 'units' | 'documents',
        };
  return {
    file: positionals[0],
    json: values.json,
    options: {
      unit: unit.data,
      ...(segments?.success ? { segments: segments.data } : {}),
      overlap,
      ...(ci ? { ci } : {}),
    },
    segmentsGiven: segments !== undefined,
  };
}

/** `given` when every document lists its units and no segmentation was asked for. */
function defaultSegmentation(input: AgreementInput): Segmentation {
  return input.documents.length > 0 && input.documents.every((d) => d.units !== undefined)
    ? 'given'
    : 'paragraph';
}

function reportError(io: CliIo, error: AppError): void {
  io.stderr.write(`concord agreement: ${error.message}\n`);
  for (const issue of error.issues ?? []) {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    io.stderr.write(`  at ${path}: ${issue.message}\n`);
  }
}

/** `concord agreement <file>`: computes and prints the agreement report. */
export const agreementCommand: CliCommand = async (args, io) => {
  let command: Command | 'help';
  try {
    command = parse(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`concord agreement: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (command === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  try {
    const input = await loadAgreementInput(command.file);
    const options: AgreementOptionsInput = {
      ...command.options,
      ...(command.options.unit === 'segment' && !command.segmentsGiven
        ? { segments: defaultSegmentation(input) }
        : {}),
    };
    const progress = progressBar(io, input.documents.length);
    const report = computeAgreement(input, options, { onProgress: (done) => progress.update(done) });
    progress.finish();
    io.stdout.write(command.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    return 0;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    reportError(io, error);
    return 1;
  }
};
