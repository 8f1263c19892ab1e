import { describe, expect, it } from 'vitest';
import { describeAudit } from '../../../client/src/model/auditText.ts';
import type { AuditEntryView } from '../../../shared/schemas.ts';

const entry = (action: string, details: Record<string, unknown>): AuditEntryView => ({
  id: action,
  projectId: 'p',
  actorId: 'ana',
  actorName: 'Ana',
  action,
  details,
  createdAt: '2026-03-01T10:00:00.000Z',
  subjectName: null,
});

describe('audit entries about cases and attribute types, in words', () => {
  it('names the attribute and its new type, and the case', () => {
    expect(
      [
        entry('attribute.type', { name: 'age', from: 'text', to: 'number', converted: 3 }),
        entry('attribute.type', { name: 'consent', from: 'text', to: 'boolean', converted: 0 }),
        entry('case.create', { caseId: 'c', name: 'Site B', documentIds: [] }),
        entry('case.update', {
          caseId: 'c',
          name: 'Site B (surgery)',
          from: 'Site B',
          to: 'Site B (surgery)',
        }),
        entry('case.delete', { caseId: 'c', name: 'Site B (surgery)' }),
      ].map((e) => describeAudit(e).text),
    ).toEqual([
      'Ana made the attribute “age” a number',
      'Ana made the attribute “consent” yes/no',
      'Ana created the case “Site B”',
      'Ana changed the case “Site B (surgery)”',
      'Ana deleted the case “Site B (surgery)”',
    ]);
  });
});
