import { describe, expect, it } from 'vitest';
import {
  analysisChoicesQuery,
  analysisPaths,
  NO_CHOICES,
  parseAnalysisChoices,
  attributeNames,
  attributeValues,
  matrixCellFilters,
  parseAnalysisView,
  retrievalQuery,
  tabAfterKey,
} from '../../../client/src/model/analysisQuery.ts';

const none = { codes: [], children: true, layers: [], documents: [], attributes: [] };

describe('analysis URLs', () => {
  it('repeats code, layer, document and attribute filters as the route reads them', () => {
    const query = retrievalQuery({
      codes: ['theme1', 'code2'],
      children: false,
      layers: ['u1', 'consensus'],
      documents: ['d1'],
      attributes: [{ name: 'site', value: 'Site B: north' }],
    });
    expect(query.getAll('code')).toEqual(['theme1', 'code2']);
    expect(query.get('children')).toBe('false');
    expect(query.getAll('layer')).toEqual(['u1', 'consensus']);
    expect(query.getAll('document')).toEqual(['d1']);
    // Only the first colon separates the name: values may hold colons.
    expect(query.getAll('attribute')).toEqual(['site:Site B: north']);
  });

  it('builds the routes, exports and live streams of one project', () => {
    const paths = analysisPaths('p1');
    const filters = { ...none, codes: ['c1'] };
    expect(paths.segments(filters)).toBe('/api/projects/p1/segments?code=c1&children=true');
    expect(paths.segments(filters, 500)).toBe('/api/projects/p1/segments?code=c1&children=true&limit=500');
    expect(paths.segmentsExport(filters, 'docx')).toBe(
      '/api/projects/p1/segments/export?code=c1&children=true&format=docx',
    );
    expect(paths.cooccurrence('consensus')).toBe('/api/projects/p1/cooccurrence?layer=consensus');
    expect(paths.matrix('u1', { by: 'attribute', name: 'site' })).toBe(
      '/api/projects/p1/matrix?layer=u1&columns=attribute%3Asite',
    );
    expect(paths.matrixExport('u1', { by: 'documents' })).toBe(
      '/api/projects/p1/matrix/export?layer=u1&columns=documents&format=csv',
    );
    expect(paths.events('segments', paths.segments(filters))).toBe(
      '/api/projects/p1/analysis/events?code=c1&children=true&kind=segments',
    );
    expect(paths.live('matrix', '/api/projects/p1/matrix?layer=u1')).toEqual({
      path: '/api/projects/p1/matrix?layer=u1',
      events: '/api/projects/p1/analysis/events?layer=u1&kind=matrix',
      event: 'matrix',
    });
  });

  it('filters a matrix cell’s passages to exactly that code, layer and column', () => {
    expect(matrixCellFilters('c1', 'u1', { by: 'documents' }, 'd9')).toEqual({
      codes: ['c1'],
      children: false,
      layers: ['u1'],
      documents: ['d9'],
      attributes: [],
    });
    expect(matrixCellFilters('c1', 'u1', { by: 'attribute', name: 'site' }, 'Site B')).toMatchObject({
      documents: [],
      attributes: [{ name: 'site', value: 'Site B' }],
    });
  });
});

describe('attribute choices', () => {
  const documents = [
    { attributes: { site: 'Site C', role: 'nurse' } },
    { attributes: { site: 'Site B' } },
    { attributes: { site: '' } },
    { attributes: {} },
  ];
  it('lists every attribute name once, sorted', () => {
    expect(attributeNames(documents)).toEqual(['role', 'site']);
  });
  it('lists the values an attribute takes, without empty ones', () => {
    expect(attributeValues(documents, 'site')).toEqual(['Site B', 'Site C']);
    expect(attributeValues(documents, 'missing')).toEqual([]);
  });
});

describe('tabs', () => {
  it('opens Retrieve for a missing or unknown view', () => {
    expect(parseAnalysisView(null)).toBe('retrieve');
    expect(parseAnalysisView('cooccurrence')).toBe('cooccurrence');
    expect(parseAnalysisView('constructor')).toBe('retrieve');
  });
  it('moves with the arrow keys (wrapping), Home and End', () => {
    expect(tabAfterKey('retrieve', 'ArrowRight')).toBe('cooccurrence');
    expect(tabAfterKey('matrix', 'ArrowRight')).toBe('retrieve');
    expect(tabAfterKey('retrieve', 'ArrowLeft')).toBe('matrix');
    expect(tabAfterKey('cooccurrence', 'Home')).toBe('retrieve');
    expect(tabAfterKey('retrieve', 'End')).toBe('matrix');
    expect(tabAfterKey('retrieve', 'a')).toBeNull();
  });
});

describe('analysis choices in the page URL', () => {
  it('writes only what was chosen, and reads it back', () => {
    expect(analysisChoicesQuery(NO_CHOICES).toString()).toBe('');
    const choices = {
      ...NO_CHOICES,
      codes: ['t1', 'c2'],
      subCodes: false,
      hiddenLayers: ['consensus'],
      attributeName: 'site',
      attributeValue: 'Site B: north',
      cooccurrenceLayer: 'u1',
      columns: { by: 'attribute', name: 'site' } as const,
    };
    const query = analysisChoicesQuery(choices);
    expect(query.toString()).toBe(
      'code=t1&code=c2&subcodes=no&hide=consensus&attribute=site&value=Site+B%3A+north&cooccurrence-layer=u1&columns=attribute%3Asite',
    );
    expect(parseAnalysisChoices(query)).toEqual(choices);
  });

  it('drops malformed ids and a value without its attribute', () => {
    const parsed = parseAnalysisChoices(
      new URLSearchParams(
        'code=a&code=a&code=no%20spaces&document=../x&value=orphan&group=nonsense&columns=attribute:',
      ),
    );
    expect(parsed).toEqual({ ...NO_CHOICES, codes: ['a'] });
  });
});
