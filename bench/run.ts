import type { BenchRow } from './table.ts';
import { printTable } from './table.ts';

/** A benchmark section: measures and returns its rows. */
export interface BenchSection {
  title: string;
  run: () => Promise<BenchRow[]>;
}

const sections: Record<string, () => Promise<BenchSection>> = {
  relay: async () => (await import('./relay.bench.ts')).section,
  loss: async () => (await import('./loss.bench.ts')).section,
  agreement: async () => (await import('./agreement.bench.ts')).section,
  rooms: async () => (await import('./rooms.bench.ts')).section,
  cluster: async () => (await import('./cluster.bench.ts')).section,
  client: async () => (await import('./client.bench.ts')).section,
  rounds: async () => (await import('./rounds.bench.ts')).section,
  analysis: async () => (await import('./analysis.bench.ts')).section,
  pdf: async () => (await import('./pdf.bench.ts')).section,
  pdfView: async () => (await import('./pdfView.bench.ts')).section,
  media: async () => (await import('./media.bench.ts')).section,
  study: async () => (await import('./study.bench.ts')).section,
};

// Every stock y-websocket client listens for this process's exit; the relay runs 50 at once.
process.setMaxListeners(0);

const only = process.argv.slice(2);
for (const [name, load] of Object.entries(sections)) {
  if (only.length > 0 && !only.includes(name)) continue;
  const section = await load();
  process.stderr.write(`running ${name}…\n`);
  printTable(section.title, await section.run());
}
