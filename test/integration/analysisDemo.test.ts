/**
 * Coded retrieval on the demo project agrees with the codings each document lists: for every
 * code, `GET …/segments?code=<id>&children=false` holds exactly the codings of that code that
 * `GET …/documents/:id/codings` lists, over all documents and layers, with `text` cut from the
 * listed text at the same code points.
 */
import { describe, expect, it } from 'vitest';
import type { Code, Document } from '../../shared/schemas.ts';
import { demoServerPerFile } from '../helpers/demo.ts';

const demo = demoServerPerFile();

interface Listed {
  text: string;
  codings: { id: string; coder: string; code: string; start: number; end: number; memo: string }[];
}

describe('retrieval on the demo project', () => {
  it('equals, code by code, what the documents list', async () => {
    const { server, project } = demo;
    const base = `/api/projects/${project.id}`;
    const codes = (await server.api<Code[]>('GET', `${base}/codebook`)).body;
    const docs = (await server.api<Document[]>('GET', `${base}/documents`)).body;
    const listed = new Map<string, Listed>();
    for (const d of docs)
      listed.set(d.id, (await server.api<Listed>('GET', `${base}/documents/${d.id}/codings`)).body);
    const key = (
      documentId: string,
      c: { id: string; coder: string; code: string; start: number; end: number },
    ) => `${documentId}|${c.coder}|${c.code}|${c.id}|${c.start}|${c.end}`;
    let compared = 0;
    for (const code of codes) {
      const res = await server.api<{
        segments: {
          documentId: string;
          layer: string;
          codeId: string;
          codingId: string;
          start: number;
          end: number;
          text: string;
          memo: string;
        }[];
        total: number;
      }>('GET', `${base}/segments?code=${code.id}&children=false`);
      expect(res.status).toBe(200);
      const want = docs.flatMap((d) =>
        listed
          .get(d.id)!
          .codings.filter((c) => c.code === code.id)
          .map((c) => key(d.id, c)),
      );
      const got = res.body.segments.map((s) =>
        key(s.documentId, { id: s.codingId, coder: s.layer, code: s.codeId, start: s.start, end: s.end }),
      );
      expect(got.sort(), code.name).toEqual(want.sort());
      expect(res.body.total).toBe(want.length);
      for (const s of res.body.segments) {
        const text = [...listed.get(s.documentId)!.text];
        expect(s.text).toBe(text.slice(s.start, s.end).join(''));
      }
      compared += want.length;
    }
    // The demo holds coding in two layers of 17 documents: the comparison is not empty.
    expect(compared).toBeGreaterThan(40);
  });
});
