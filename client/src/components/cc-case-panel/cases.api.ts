/** Reading and writing a project's attribute types and cases through the REST API (docs/cases.md). */
import { z } from 'zod';
import type { AttributeType } from '../../../../shared/model/attributeTypes.ts';
import { AttributeDefinitionSchema, CaseSchema, type Case } from '../../../../shared/schemas.ts';
import type { ApiClient } from '../../api/ApiClient.ts';

const AttributesSchema = z.object({
  attributes: z.array(AttributeDefinitionSchema.extend({ documents: z.number() })),
});
const CasesSchema = z.object({ cases: z.array(CaseSchema) });

/** The project's attribute types (only the declared ones, by name) and its cases. */
export async function loadCases(
  api: ApiClient,
  projectId: string,
): Promise<{ types: Map<string, AttributeType>; cases: Case[] }> {
  const [attributes, cases] = await Promise.all([
    api.get(`/api/projects/${projectId}/attributes`, AttributesSchema),
    api.get(`/api/projects/${projectId}/cases`, CasesSchema),
  ]);
  return {
    types: new Map(attributes.attributes.filter((a) => a.type !== 'text').map((a) => [a.name, a.type])),
    cases: cases.cases,
  };
}

/** Gives an attribute a type; throws the server's `ApiError` naming the values that do not fit. */
export async function saveAttributeType(
  api: ApiClient,
  projectId: string,
  name: string,
  type: AttributeType,
): Promise<void> {
  await api.send('PUT', `/api/projects/${projectId}/attributes/${encodeURIComponent(name)}`, { type });
}

/** Creates a case. */
export function createCase(
  api: ApiClient,
  projectId: string,
  body: { name: string; description?: string; documentIds: string[] },
): Promise<Case> {
  return api.post(`/api/projects/${projectId}/cases`, body, CaseSchema);
}

/** Changes a case's name, description or documents. */
export function updateCase(
  api: ApiClient,
  projectId: string,
  caseId: string,
  body: { name?: string; description?: string; documentIds?: string[] },
): Promise<Case> {
  return api.patch(`/api/projects/${projectId}/cases/${caseId}`, body, CaseSchema);
}

/** Deletes a case (its documents stay). */
export function deleteCase(api: ApiClient, projectId: string, caseId: string): Promise<void> {
  return api.send('DELETE', `/api/projects/${projectId}/cases/${caseId}`);
}
