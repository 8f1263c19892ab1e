/**
 * What every measurement step of the large study gets (bench/study.bench.ts): a server in its own
 * process holding the imported study, signed in as its administrator (the project's owner), with
 * the event-loop probe preloaded. Steps are `(ctx: StudyContext) => Promise<BenchRow[]>` and run one
 * after another against the same server, in the order study.bench.ts lists them.
 */
import type { StudyCounts } from './archive.ts';
import type { StudyPlan } from './generate.ts';
import type { StallProbe } from './stalls.ts';
import type { BenchRow } from '../table.ts';

export interface StudyContext {
  /** The server's base URL, `http://127.0.0.1:<port>`. */
  http: string;
  /** Its sync endpoint, `ws://127.0.0.1:<port>/sync` (room names follow, as y-websocket adds them). */
  ws: string;
  /** A session token of the administrator, who imported the study and owns the project. */
  token: string;
  projectId: string;
  /** The server's process id, for its memory (bench/processMemory.ts). */
  childPid: number;
  /** A scratch directory of this backend's run, removed afterwards. */
  dir: string;
  /** The generated study (sizes, coders, codes, who codes which document). */
  plan: StudyPlan;
  /** What the archive held and the import took in. */
  counts: StudyCounts;
  /** The imported documents' ids, in the plan's document order. */
  documentIds: readonly string[];
  /** The imported coders as the import named them: plan coder name → user id (consensus aside). */
  coderIds: ReadonlyMap<string, string>;
  /** `SQLite` or `PostgreSQL`, for row names. */
  backend: string;
  /** The study's size as rows name it, e.g. `1000 × 10,000 words`. */
  size: string;
  /** The server's event-loop probe: the longest stall during a step. */
  stalls: StallProbe;
}

/** One measurement step of the study. */
export type StudyStep = (ctx: StudyContext) => Promise<BenchRow[]>;
