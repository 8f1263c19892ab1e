/** The OpenAPI document at `/api/openapi.json`, generated from the same zod schemas the routes use. */
import { z } from 'zod';
import { AgreementInputSchema } from '../../shared/agreement/index.ts';
import {
  AgreementQuerySchema,
  CodeSchema,
  CreateDocumentBodySchema,
  CreateProjectBodySchema,
  DocumentSchema,
  MembershipSchema,
  ProjectSchema,
  UserSchema,
} from '../../shared/schemas.ts';

const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z
      .array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() }))
      .optional(),
  }),
});

interface Route {
  method: 'get' | 'post';
  path: string;
  summary: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
  status?: number;
}

const routes: Route[] = [
  { method: 'get', path: '/api/projects', summary: 'List projects', response: z.array(ProjectSchema) },
  {
    method: 'post',
    path: '/api/projects',
    summary: 'Create a project',
    body: CreateProjectBodySchema,
    response: ProjectSchema,
    status: 201,
  },
  { method: 'get', path: '/api/projects/{projectId}', summary: 'One project', response: ProjectSchema },
  {
    method: 'get',
    path: '/api/projects/{projectId}/documents',
    summary: "List a project's documents",
    response: z.array(DocumentSchema),
  },
  {
    method: 'post',
    path: '/api/projects/{projectId}/documents',
    summary: 'Add a document (title and plain text)',
    body: CreateDocumentBodySchema,
    response: DocumentSchema,
    status: 201,
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/codebook',
    summary: "The project's codes and themes",
    response: z.array(CodeSchema),
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/members',
    summary: "The project's members and roles",
    response: z.array(MembershipSchema),
  },
  { method: 'get', path: '/api/users', summary: 'List users', response: z.array(UserSchema) },
  {
    method: 'get',
    path: '/api/projects/{projectId}/agreement',
    summary: 'Inter-rater agreement on the live state (see docs/agreement.md for the report)',
    query: AgreementQuerySchema,
    response: z.object({
      projectId: z.string(),
      computedAt: z.string(),
      report: z.record(z.string(), z.unknown()),
    }),
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/agreement/events',
    summary: 'Server-Sent Events: an `agreement` event now and after every change to the codings',
    query: AgreementQuerySchema,
    response: z.string(),
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/agreement/input',
    summary: 'The current codings as an input file for `concord agreement`',
    response: AgreementInputSchema,
  },
];

/** Builds the OpenAPI 3.1 document. */
export function openApiDocument(version: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const r of routes) {
    const parameters: object[] = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    for (const [name, schema] of Object.entries(r.query?.shape ?? {})) {
      parameters.push({
        name,
        in: 'query',
        required: false,
        schema: z.toJSONSchema(schema as z.ZodType, { io: 'input' }),
      });
    }
    const json = (schema: z.ZodType) => ({
      'application/json': { schema: z.toJSONSchema(schema, { io: 'input' }) },
    });
    (paths[r.path] ??= {})[r.method] = {
      summary: r.summary,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(r.body ? { requestBody: { required: true, content: json(r.body) } } : {}),
      responses: {
        [String(r.status ?? 200)]: { description: 'OK', content: json(r.response) },
        default: { description: 'Error', content: json(ErrorBodySchema) },
      },
    };
  }
  return { openapi: '3.1.0', info: { title: 'Concord API', version }, paths };
}
