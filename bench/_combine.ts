import { analyseDocument, combine, createAgreementContext } from '../shared/agreement/index.ts';
import { planStudy, studyDocument, leafCodes } from './study/generate.ts';
const plan = planStudy({ documents: Number(process.env.N ?? 1000), words: 10000, seed: 1 });
const coders = plan.coders.filter((c) => !c.consensus).map((c) => c.key);
const codes = plan.codes.map((c) => ({ id: c.key, name: c.name, parent: c.parent ?? undefined }));
const leaf = new Set(leafCodes(plan).map((c) => c.key));
const ctx = createAgreementContext({ codes: codes.filter((c) => leaf.has(c.id)), coders }, { unit: 'segment', segments: 'paragraph', overlap: 'any' });
let t = performance.now();
const partials = plan.assignments.map((a, i) => {
  const d = studyDocument(plan, i);
  return analyseDocument(ctx, { id: d.key, text: d.text, completed: a.coders, codings: d.codings.filter((c) => c.coder !== 'consensus') });
});
console.log('analyse all', (performance.now() - t).toFixed(0), 'ms');
for (let k = 0; k < 3; k++) { t = performance.now(); combine(ctx, partials); console.log('combine', (performance.now() - t).toFixed(0), 'ms'); }
const { Session } = await import('node:inspector/promises');
const s = new Session(); s.connect(); await s.post('Profiler.enable'); await s.post('Profiler.start');
for (let k = 0; k < 5; k++) combine(ctx, partials);
const { profile } = await s.post('Profiler.stop');
const dt: Record<number, number> = {}; profile.samples!.forEach((id, i) => { dt[id] = (dt[id] ?? 0) + (profile.timeDeltas![i] ?? 0); });
const self = new Map<string, number>();
for (const n of profile.nodes) { const k = `${n.callFrame.functionName} ${n.callFrame.url.split('/').slice(-1)}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + (dt[n.id] ?? 0)); }
[...self].sort((a, b) => b[1] - a[1]).slice(0, 15).forEach(([k, v]) => console.log((v / 1000).toFixed(0).padStart(6), k));
