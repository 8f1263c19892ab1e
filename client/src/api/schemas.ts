/**
 * Shapes of the API responses the client relies on, parsed at the edge so a server change shows
 * up as one clear error instead of `undefined` deep inside a view.
 */
import { z } from 'zod';
import { DocumentSchema, ProjectSchema, RoleSchema, UserSchema } from '../../../shared/schemas.ts';

export const LoginResponseSchema = z.object({ token: z.string(), csrfToken: z.string(), user: UserSchema });

/** `GET /api/me`. */
export const MeSchema = z.object({
  user: UserSchema,
  memberships: z.array(z.object({ projectId: z.string(), role: RoleSchema.nullable() })),
});
export type Me = z.infer<typeof MeSchema>;

/** `GET /api/projects/:id`: the project with the caller's role (null for administrators who are not members). */
export const ProjectWithRoleSchema = ProjectSchema.extend({ role: RoleSchema.nullable() });
export type ProjectWithRole = z.infer<typeof ProjectWithRoleSchema>;

export const ProjectListSchema = z.array(ProjectSchema);
export const DocumentListSchema = z.array(DocumentSchema);

/** `GET /api/projects/:id/members`. */
export const MemberSchema = z.object({
  userId: z.string(),
  role: RoleSchema,
  name: z.string(),
  email: z.string(),
  synthetic: z.boolean(),
});
export type Member = z.infer<typeof MemberSchema>;
export const MemberListSchema = z.array(MemberSchema);

// The codings view is part of the shared API contract, with the server's OpenAPI document.
export {
  CodedDocumentViewSchema as CodedDocumentSchema,
  ResolvedCodingSchema,
  type CodedDocumentView,
} from '../../../shared/schemas.ts';

/** The error body every failing route answers with. */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z
      .array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() }))
      .optional(),
  }),
});

/** An answer whose only field the client needs is the new resource's id. */
export const CreatedSchema = z.object({ id: z.string() });

/** What `POST /api/projects/:id/documents/import` answers (the parts the page shows). */
export const DocumentsImportSchema = z.object({
  documents: z.array(z.object({ id: z.string(), title: z.string() })),
  warnings: z.array(z.string()),
});

/** What `POST /api/projects/import` answers (the parts the import dialog shows). */
export const ProjectImportSchema = z.object({
  id: z.string(),
  name: z.string(),
  import: z.object({ warnings: z.array(z.string()) }),
});
