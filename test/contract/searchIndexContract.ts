/**
 * The search index contract, run against every backend: `registerSearchIndexContractTests(name,
 * factory)` with the same storage factories as the storage contract. Covers the index itself
 * (store, replace, delete, isolation, whole words) and a search through it (`runSearch`): words,
 * phrase, pattern, case, and positions in code points around diacritics and emoji.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SearchQuery } from '../../shared/search/schemas.ts';
import { SearchQuerySchema } from '../../shared/search/schemas.ts';
import { runSearch } from '../../server/search/runSearch.ts';
import type { Storage } from '../../server/storage/Storage.ts';
import type { StorageFactory } from './storageContract.ts';

const NOW = '2026-01-01T00:00:00.000Z';

function query(q: string, rest: Record<string, string | string[]> = {}): SearchQuery {
  return SearchQuerySchema.parse({ q, ...rest });
}

export function registerSearchIndexContractTests(name: string, factory: () => StorageFactory): void {
  describe(`search index contract: ${name}`, () => {
    let f: StorageFactory;
    let storage: Storage;
    let opened = false;

    beforeEach(async () => {
      opened = false;
      f = factory();
      storage = await f.open();
      opened = true;
      for (const p of ['p1', 'p2']) {
        await storage.createProject({ id: p, name: p, description: '', createdAt: NOW });
      }
    });
    afterEach(async () => {
      try {
        if (opened) await storage.close().catch(() => undefined);
      } finally {
        await f.cleanup?.();
      }
    });

    async function add(projectId: string, id: string, text: string, version = 1): Promise<void> {
      if (!(await storage.getDocument(id))) {
        await storage.createDocument({ id, projectId, title: `Title ${id}`, attributes: {}, createdAt: NOW });
      }
      expect(await storage.search.put({ documentId: id, projectId, version, text })).toBe(true);
    }
    const ids = async (projectId: string, words: string[], only?: string[]) =>
      (await storage.search.find(projectId, words, only)).map((e) => e.documentId).sort();
    const docs = async (projectId: string) =>
      (await storage.listDocuments(projectId)).map((d) => ({ id: d.id, title: d.title }));

    it('stores, finds by every word, and reports versions', async () => {
      await add('p1', 'd1', 'The beds were full. Staff said so.', 3);
      await add('p1', 'd2', 'No beds today.', 5);
      expect(await ids('p1', ['beds'])).toEqual(['d1', 'd2']);
      expect(await ids('p1', ['beds', 'staff'])).toEqual(['d1']);
      expect(await ids('p1', ['beds', 'nurses'])).toEqual([]);
      expect(await ids('p1', [])).toEqual(['d1', 'd2']);
      expect(await ids('p1', ['beds'], ['d2'])).toEqual(['d2']);
      expect(await ids('p1', ['beds'], [])).toEqual([]);
      expect(await storage.search.versions('p1')).toEqual(
        new Map([
          ['d1', 3],
          ['d2', 5],
        ]),
      );
      expect(await storage.search.find('p1', ['today'])).toEqual([{ documentId: 'd2', version: 5 }]);
      expect(await storage.search.texts('p1', ['d2', 'ghost'])).toEqual([
        { documentId: 'd2', projectId: 'p1', version: 5, text: 'No beds today.' },
      ]);
      // Another project's document is not read through this one.
      expect(await storage.search.texts('p2', ['d2'])).toEqual([]);
    });

    it('replaces an entry with a newer version only', async () => {
      await add('p1', 'd1', 'first wording', 2);
      expect(
        await storage.search.put({ documentId: 'd1', projectId: 'p1', version: 4, text: 'second wording' }),
      ).toBe(true);
      expect(await ids('p1', ['first'])).toEqual([]);
      expect(await ids('p1', ['second'])).toEqual(['d1']);
      // An instance that read the room earlier must not put the old text back.
      expect(
        await storage.search.put({ documentId: 'd1', projectId: 'p1', version: 3, text: 'first wording' }),
      ).toBe(false);
      expect(await ids('p1', ['first'])).toEqual([]);
      expect(await storage.search.versions('p1')).toEqual(new Map([['d1', 4]]));
    });

    it('stores nothing for a document without a metadata row', async () => {
      expect(
        await storage.search.put({ documentId: 'ghost', projectId: 'p1', version: 1, text: 'boo' }),
      ).toBe(false);
      expect(await ids('p1', ['boo'])).toEqual([]);
    });

    it('removes entries, and the document deletion removes its entry', async () => {
      await add('p1', 'd1', 'alpha beta');
      await add('p1', 'd2', 'alpha gamma');
      await storage.search.remove('d1');
      expect(await ids('p1', ['alpha'])).toEqual(['d2']);
      expect(await storage.deleteDocument('p1', 'd2')).toBe(true);
      expect(await ids('p1', ['alpha'])).toEqual([]);
      expect(await storage.search.versions('p1')).toEqual(new Map());
    });

    it('keeps projects apart', async () => {
      await add('p1', 'd1', 'shared word here');
      await add('p2', 'e1', 'shared word there');
      expect(await ids('p1', ['shared'])).toEqual(['d1']);
      expect(await ids('p2', ['shared'])).toEqual(['e1']);
      expect(await ids('p2', ['here'])).toEqual([]);
      // A document of another project named in the filter is not found either.
      expect(await ids('p1', ['shared'], ['e1'])).toEqual([]);
      await storage.deleteProject('p2');
      expect(await ids('p2', [])).toEqual([]);
      expect(await ids('p1', [])).toEqual(['d1']);
    });

    it('matches whole words, keeps diacritics, ignores case', async () => {
      await add('p1', 'd1', 'By the bedside, a café.');
      await add('p1', 'd2', 'BEDS and a cafe.');
      expect(await ids('p1', ['beds'])).toEqual(['d2']);
      expect(await ids('p1', ['bedside'])).toEqual(['d1']);
      expect(await ids('p1', ['café'])).toEqual(['d1']);
      expect(await ids('p1', ['cafe'])).toEqual(['d2']);
    });

    it('searches words: a hit per occurrence of any word, in documents holding all of them', async () => {
      await add('p1', 'd1', 'Beds, beds and staff. Bedside staff.');
      await add('p1', 'd2', 'beds only');
      const result = await runSearch(storage.search, 'p1', await docs('p1'), query('staff beds'));
      expect(result.total).toBe(4);
      expect(result.hits.map((h) => [h.documentId, h.start, h.end, h.match])).toEqual([
        ['d1', 0, 4, 'Beds'],
        ['d1', 6, 10, 'beds'],
        ['d1', 15, 20, 'staff'],
        ['d1', 30, 35, 'staff'],
      ]);
      const exact = await runSearch(
        storage.search,
        'p1',
        await docs('p1'),
        query('beds', { caseSensitive: 'true' }),
      );
      expect(exact.hits.map((h) => [h.documentId, h.start])).toEqual([
        ['d1', 6],
        ['d2', 0],
      ]);
    });

    it('searches a phrase across any whitespace, and a pattern', async () => {
      await add('p1', 'd1', 'not enough\n  beds here; enough beds; enoughbeds');
      const phrase = await runSearch(
        storage.search,
        'p1',
        await docs('p1'),
        query('Enough beds', { mode: 'phrase' }),
      );
      expect(phrase.hits.map((h) => [h.start, h.end, h.match])).toEqual([
        [4, 17, 'enough\n  beds'],
        [24, 35, 'enough beds'],
      ]);
      const pattern = await runSearch(
        storage.search,
        'p1',
        await docs('p1'),
        query('en\\w+h(?=b)', { mode: 'regex' }),
      );
      expect(pattern.hits.map((h) => [h.start, h.end, h.match])).toEqual([[37, 43, 'enough']]);
    });

    it('places hits in code points after diacritics and emoji, with their context', async () => {
      // "é" precomposed (1 code point), "👍🏽" two astral code points (4 UTF-16 units).
      const text = 'Café 👍🏽 — the beds were short. 🛏️ beds!';
      await add('p1', 'd1', text);
      const result = await runSearch(storage.search, 'p1', await docs('p1'), query('beds'));
      const points = Array.from(text);
      expect(result.total).toBe(2);
      for (const hit of result.hits) {
        expect(hit.match).toBe('beds');
        expect(points.slice(hit.start, hit.end).join('')).toBe('beds');
        expect(hit.before).toBe(points.slice(0, hit.start).join(''));
        expect(hit.after).toBe(points.slice(hit.end).join(''));
        expect(hit.documentTitle).toBe('Title d1');
      }
      // Counted by hand: 👍🏽 is 2 code points, 🛏️ is 🛏 plus U+FE0F, 2 code points.
      expect(result.hits.map((h) => h.start)).toEqual([14, 34]);
    });

    it('pages after counting every hit', async () => {
      await add('p1', 'd1', 'x a x b x');
      await add('p1', 'd2', 'x c x');
      const all = await runSearch(storage.search, 'p1', await docs('p1'), query('x'));
      const page = await runSearch(
        storage.search,
        'p1',
        await docs('p1'),
        query('x', { offset: '2', limit: '2' }),
      );
      expect(all.total).toBe(5);
      expect(page.total).toBe(5);
      expect(page.hits).toEqual(all.hits.slice(2, 4));
      expect(page.hits.map((h) => h.documentId)).toEqual(['d1', 'd2']);
    });
  });
}
