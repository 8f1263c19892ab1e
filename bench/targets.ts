/**
 * The current goals every benchmark table prints its "met" column against, in one place so a
 * table never judges by a goal that has since moved (docs/capacity.md and the README quote them).
 */
export const TARGETS = {
  /** Concord's relay throughput against the in-memory reference relay: at least this share. */
  relayThroughputShare: 0.8,
  /** Concord's relay throughput against Hocuspocus's (both durable on SQLite): at least this share. */
  relayThroughputOverHocuspocus: 1.0,
  /** p99 latency at half of one instance's maximum load, ms (the median of the runs). */
  p99AtHalfLoadMs: 25,
  /** Full character-level report against the naive one-cell-per-code-point reference: at least. */
  speedupOverNaive: 100,
  /** Full segment report of the agreement corpus, ms. */
  fullReportMs: 1000,
  /** One document re-analysed plus combine, ms. */
  incrementalMs: 20,
  /** Loading a room after compaction, ms, for an editing history and for the random-edit worst case. */
  roomLoadMs: 200,
  /** Resident memory per loaded 10k-word transcript with 3 coded layers, MB. */
  rssPerTranscriptMB: 5,
  /**
   * CPU per relayed update of 3 instances together (process.cpuUsage() of each) against 1 instance
   * in the same round, at most this many times: rooms pinned to an instance, and spread over all.
   */
  scaleOutCpuShare: { pinned: 1.15, spread: 2 },
  /** First meaningful render of the 30,000-word transcript, ms. */
  firstRenderMs: 1000,
  /** Key press to the new coding's mark in the page, ms. */
  newCodingMs: 50,
  /** The large study: the full agreement report, ms. */
  studyFullReportMs: 3000,
  /** The large study: the agreement report again after one coding, ms. */
  studyIncrementalMs: 50,
  /** The large study: the `.qdpx` export, request to last byte, ms. */
  studyExportMs: 30_000,
  /** The large study: the longest the server's event loop may be held during any step, ms. */
  stallMs: 100,
  /** The large study's project page: its documents-and-progress answer, p95 of page loads, ms. */
  projectPageP95Ms: 300,
  /** The large study's project page: first render in Chromium until progress shows, ms. */
  projectPageFirstRenderMs: 1500,
} as const;
