/**
 * Zod schemas for everything that crosses a boundary: REST bodies and responses, and the plain
 * values stored inside Yjs documents. Each `FooSchema` has its `type Foo`.
 */
import { z } from 'zod';
import { IdSchema } from './protocol.ts';
import { attributeProblems, titleProblem } from './model/attributes.ts';
import { ATTRIBUTE_TYPES } from './model/attributeTypes.ts';
import { DocumentSourceSchema } from './sources.ts';

export { IdSchema, type Id } from './protocol.ts';

const HexColorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colours are #RRGGBB');

/** A code (or a theme: a code that groups others) in the project's codebook. */
export const CodeSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(200),
  /** The theme or parent code; null at the top of the tree. */
  parentId: IdSchema.nullable(),
  color: HexColorSchema,
  description: z.string().max(10_000),
  /** Sort key among siblings. */
  order: z.number().finite(),
});
export type Code = z.infer<typeof CodeSchema>;

/** A `Y.RelativePosition` in its JSON form (`Y.relativePositionToJSON`). */
export const RelativePositionJsonSchema = z.object({
  type: z.object({ client: z.number().int(), clock: z.number().int() }).optional(),
  tname: z.string().optional(),
  item: z.object({ client: z.number().int(), clock: z.number().int() }).optional(),
  assoc: z.number().int().optional(),
});
export type RelativePositionJson = z.infer<typeof RelativePositionJsonSchema>;

/** A coding as stored in a layer document: anchored to the text, not to offsets. */
export const StoredCodingSchema = z.object({
  codeId: IdSchema,
  start: RelativePositionJsonSchema,
  end: RelativePositionJsonSchema,
  memo: z.string().max(100_000).default(''),
  /** User id of whoever made the coding (the layer's coder, or a reviewer in consensus). */
  author: z.string().min(1),
  createdAt: z.string(),
  updatedAt: z.string(),
  /**
   * The passage's text when it was coded (or last re-anchored), cut to {@link QUOTE_MAX_CODE_POINTS}
   * code points: what an orphaned coding shows once its text is gone. Absent on older codings.
   */
  quote: z.string().max(4_000).optional(),
});
export type StoredCoding = z.infer<typeof StoredCodingSchema>;

/** Longest quote kept with a coding, in code points (longer passages end in `…`). */
export const QUOTE_MAX_CODE_POINTS = 500;

/** Why a coding could not be placed on the text (see `docs/codings-and-edits.md`). */
export const OrphanReasonSchema = z.enum([
  /** Every character it covered was deleted from the transcript. */
  'span-deleted',
  /** Its anchors point at text this document does not hold (another text, or not yet synced). */
  'anchor-missing',
  /** The stored value does not match the coding schema. */
  'invalid',
]);
export type OrphanReason = z.infer<typeof OrphanReasonSchema>;

/** A coding left out because it could not be placed: who coded what, and what it said. */
export const OrphanedCodingSchema = z.object({
  id: z.string(),
  /** The layer: a coder's id or `consensus`. */
  coder: z.string(),
  /** Code id; null when the stored value is invalid. */
  code: z.string().nullable(),
  reason: OrphanReasonSchema,
  memo: z.string(),
  /** User id of whoever made the coding; null when the stored value is invalid. */
  author: z.string().nullable(),
  /** The passage's text when it was coded; null for codings stored before quotes were kept. */
  quote: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type OrphanedCoding = z.infer<typeof OrphanedCodingSchema>;

/** One coding of `GET …/documents/:id/codings`, positions in code points, half-open. */
export const ResolvedCodingSchema = z.object({
  id: z.string(),
  coder: z.string(),
  code: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  memo: z.string(),
  author: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/**
 * `GET …/documents/:id/codings`: the text and the codings of the layers the caller may see, with
 * every coding that could not be placed listed under `orphaned` (never dropped silently).
 */
export const CodedDocumentViewSchema = z.object({
  text: z.string(),
  /** Length in code points. */
  length: z.number().int(),
  codings: z.array(ResolvedCodingSchema),
  orphaned: z.array(OrphanedCodingSchema),
  /** Layers whose coder marked the document done. */
  completed: z.array(z.string()),
});
export type CodedDocumentView = z.infer<typeof CodedDocumentViewSchema>;

/** The agreement measures a project can set its target in (field names of the agreement report). */
export const TargetMeasureSchema = z.enum(['cohenKappa', 'krippendorffAlpha', 'gwetAC1', 'fleissKappa']);
export type TargetMeasure = z.infer<typeof TargetMeasureSchema>;

/**
 * The agreement the team aims for, e.g. κ ≥ 0.70 or α ≥ 0.667: a code reaches it in a round when
 * its figure in that measure is at least `value` (docs/rounds.md, "Target and trajectory").
 */
export const TargetSchema = z
  .object({ measure: TargetMeasureSchema, value: z.number().min(-1).max(1) })
  .strict();
export type Target = z.infer<typeof TargetSchema>;

/** A project: a codebook and the transcripts coded with it. */
export const ProjectSchema = z.object({
  id: IdSchema,
  name: z.string(),
  description: z.string(),
  createdAt: z.string(),
  /** A blind round: each coder sees only their own layers. */
  blind: z.boolean(),
  /** Whether coders may edit transcripts and the codebook (otherwise owners and reviewers only). */
  codersEditText: z.boolean(),
  /** The agreement target; null when none is set. */
  target: TargetSchema.nullable(),
});
export type Project = z.infer<typeof ProjectSchema>;

export const CreateProjectBodySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'name is required')
    .max(200)
    .refine((t) => titleProblem(t) === null, {
      message: 'a project name is one line without control characters',
    }),
  description: z.string().max(10_000).default(''),
});
export type CreateProjectBody = z.infer<typeof CreateProjectBodySchema>;

export const UpdateProjectBodySchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .refine((t) => titleProblem(t) === null, {
        message: 'a project name is one line without control characters',
      }),
    description: z.string().max(10_000),
    blind: z.boolean(),
    codersEditText: z.boolean(),
    /** Owners set or clear (null) the agreement target. */
    target: TargetSchema.nullable(),
  })
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export type UpdateProjectBody = z.infer<typeof UpdateProjectBodySchema>;

/** A transcript (or field note) in a project; its text lives in the `text:<id>` room. */
export const DocumentSchema = z.object({
  id: IdSchema,
  projectId: IdSchema,
  title: z.string(),
  /** Free-form source attributes (site, participant, …) exported with the codings. */
  attributes: z.record(z.string(), z.string()),
  order: z.number(),
  createdAt: z.string(),
  /** The PDF or recording the document was made from; null (or absent) for typed text. */
  source: DocumentSourceSchema.nullable().optional(),
});
export type Document = z.infer<typeof DocumentSchema>;

/** Most attributes one document may carry. */
export const MAX_DOCUMENT_ATTRIBUTES = 50;

/**
 * A document's attributes (participant, site, role, …): names of 1–100 characters (trimmed; not a
 * name every object has, such as `constructor`; no control characters; not given twice once
 * trimmed — see `shared/model/attributes.ts`), values of at most 1,000 characters, at most
 * `MAX_DOCUMENT_ATTRIBUTES` of them. The names are checked as sent, before the map is parsed,
 * because parsing would silently merge `" site "` into `"site"` and drop `__proto__`.
 */
export const DocumentAttributesSchema = z
  .preprocess(
    (raw, ctx) => {
      if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
        for (const problem of attributeProblems(Object.keys(raw))) {
          ctx.addIssue({ code: 'custom', message: problem.message, path: [problem.name], input: raw });
        }
      }
      return raw;
    },
    z.record(z.string().trim(), z.string().max(1000, 'attribute values hold at most 1,000 characters')),
  )
  .refine((a) => Object.keys(a).length <= MAX_DOCUMENT_ATTRIBUTES, {
    message: `a document holds at most ${MAX_DOCUMENT_ATTRIBUTES} attributes`,
  });

/** A document's title: one line of 1–500 characters (trimmed), without control characters. */
const DocumentTitleSchema = z
  .string()
  .trim()
  .min(1, 'title is required')
  .max(500, 'a title holds at most 500 characters')
  .refine((t) => titleProblem(t) === null, { message: titleProblem('\n') ?? '' });

export const CreateDocumentBodySchema = z.object({
  title: DocumentTitleSchema,
  text: z.string().max(5_000_000, 'a transcript holds at most 5,000,000 characters'),
  attributes: DocumentAttributesSchema.default({}),
});
export type CreateDocumentBody = z.infer<typeof CreateDocumentBodySchema>;

/**
 * `PATCH /api/projects/:projectId/documents/:documentId`: a new title, or the whole new attribute
 * map (replacing the old one), or both.
 */
export const UpdateDocumentBodySchema = z
  .object({
    title: DocumentTitleSchema.optional(),
    attributes: DocumentAttributesSchema.optional(),
  })
  .strict()
  .refine((b) => b.title !== undefined || b.attributes !== undefined, {
    message: 'give a new title or attributes',
  });
export type UpdateDocumentBody = z.infer<typeof UpdateDocumentBodySchema>;

/** A person: a coder, a reviewer, or both. */
export const UserSchema = z.object({
  id: IdSchema,
  email: z.string(),
  name: z.string(),
  /** True for users that stand for generated data, e.g. the demo's synthetic coder. */
  synthetic: z.boolean(),
  /** Server administrators manage users and see every project. */
  isAdmin: z.boolean(),
  createdAt: z.string(),
});
export type User = z.infer<typeof UserSchema>;

const PasswordSchema = z
  .string()
  .min(10, 'passwords have at least 10 characters')
  .max(200, 'passwords have at most 200 characters');

/**
 * The one spelling of an email address Concord stores and looks up: NFKC, without surrounding
 * white space, lower case. Sign-in, its rate limit and account creation all use it, so
 * `Alice@X.org ` and `alice@x.org` are one account with one allowance of attempts.
 */
export function normalizeEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}

/** An email address, normalised (see {@link normalizeEmail}) before it is checked. */
export const EmailSchema = z.string().max(400).transform(normalizeEmail).pipe(z.email().max(320));

export const CreateUserBodySchema = z.object({
  email: EmailSchema,
  name: z.string().trim().min(1).max(200),
  password: PasswordSchema,
  isAdmin: z.boolean().default(false),
});
export type CreateUserBody = z.infer<typeof CreateUserBodySchema>;

export const LoginBodySchema = z.object({
  /** Compared normalised (see {@link normalizeEmail}) by the server. */
  email: z.string().max(400),
  password: z.string().max(200),
});
export type LoginBody = z.infer<typeof LoginBodySchema>;

export const CreateTokenBodySchema = z.object({ name: z.string().trim().min(1).max(100) });

export const ChangePasswordBodySchema = z.object({
  currentPassword: z.string().max(200),
  newPassword: PasswordSchema,
});

/** Answer of `POST /api/users/:userId/password`: the new password, shown this once. */
export const PasswordResetSchema = z.object({ userId: IdSchema, email: z.string(), password: z.string() });
export type PasswordReset = z.infer<typeof PasswordResetSchema>;

export const RoleSchema = z.enum(['owner', 'reviewer', 'coder', 'viewer']);
export type Role = z.infer<typeof RoleSchema>;

export const MembershipSchema = z.object({ projectId: IdSchema, userId: IdSchema, role: RoleSchema });
export type Membership = z.infer<typeof MembershipSchema>;

/**
 * Body of `POST /api/projects/:projectId/members`: the user by id, or by the email of an existing
 * account (normalised, see {@link normalizeEmail}); exactly one of the two.
 */
export const PutMemberBodySchema = z
  .object({ userId: IdSchema.optional(), email: EmailSchema.optional(), role: RoleSchema })
  .refine((b) => (b.userId === undefined) !== (b.email === undefined), {
    message: 'name the person by their email address',
    path: ['email'],
  });
export type PutMemberBody = z.infer<typeof PutMemberBodySchema>;
export const ChangeRoleBodySchema = z.object({ role: RoleSchema });
export const CreateInvitationBodySchema = z.object({
  role: RoleSchema,
  /** Days until the link expires. */
  days: z.number().int().min(1).max(90).default(7),
});

/** An invitation link not yet used, unexpired (`GET /api/projects/:projectId/invitations`). */
export const PendingInvitationSchema = z.object({
  /** Stands for the link without revealing it (the SHA-256 of its secret, as stored). */
  id: z.string(),
  role: RoleSchema,
  createdBy: z.string(),
  /** The name of whoever created it ('' when that account is gone). */
  createdByName: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type PendingInvitation = z.infer<typeof PendingInvitationSchema>;

/** What an invitation link offers, for the person who opened it (`GET /api/invitations/:token`). */
export const InvitationPreviewSchema = z.object({
  projectId: IdSchema,
  projectName: z.string(),
  role: RoleSchema,
  invitedBy: z.string(),
  expiresAt: z.string(),
  /** The caller's role in the project already, if any (joining never lowers it). */
  currentRole: RoleSchema.nullable(),
});
export type InvitationPreview = z.infer<typeof InvitationPreviewSchema>;

/** One of the caller's API tokens as listed (`GET /api/me/tokens`); the secret is never listed. */
export const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  /** null: the token does not expire. */
  expiresAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

/** One entry of a project's audit log. */
export const AuditEntrySchema = z.object({
  id: z.string(),
  projectId: z.string().nullable(),
  actorId: z.string().nullable(),
  action: z.string(),
  details: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/**
 * An audit entry as `GET /api/projects/:projectId/audit` answers it: with the names of who acted
 * and of the user it concerns (`details.userId`), so it reads as a sentence even after they left.
 */
export const AuditEntryViewSchema = AuditEntrySchema.extend({
  actorName: z.string().nullable(),
  subjectName: z.string().nullable(),
});
export type AuditEntryView = z.infer<typeof AuditEntryViewSchema>;

/** Comma-separated ids in a query string. */
const IdListSchema = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x.length > 0),
  )
  .pipe(z.array(IdSchema));

/** Query of `GET /api/projects/:projectId/agreement` (and its live stream). */
export const AgreementQuerySchema = z.object({
  unit: z.enum(['character', 'segment', 'unitizing']).default('segment'),
  segments: z.enum(['paragraph', 'line', 'sentence', 'turn', 'given']).default('paragraph'),
  /** θ in [0, 1], or `any` (default): any overlap marks a segment as coded. */
  overlap: z.union([z.literal('any'), z.coerce.number().min(0).max(1)]).default('any'),
  /** Only these coders (default: every coder with a layer). */
  coders: IdListSchema.optional(),
  /** Only these codes (default: every code that can be applied). */
  codes: IdListSchema.optional(),
  /** Bootstrap replicates for 95% intervals; 0 turns them off. */
  ci: z.coerce.number().int().min(0).max(10_000).default(1000),
  /** Bootstrap seed, so a report can be reproduced exactly. */
  seed: z.coerce.number().int().default(1),
});
export type AgreementQuery = z.infer<typeof AgreementQuerySchema>;

// --- Cases and typed attributes (docs/cases.md) ---

/** The type of a document attribute; values stay strings in canonical form (`shared/model/attributeTypes.ts`). */
export const AttributeTypeSchema = z.enum(ATTRIBUTE_TYPES);

/** A project's declaration of an attribute's type. Attributes without one are text. */
export const AttributeDefinitionSchema = z.object({ name: z.string(), type: AttributeTypeSchema });

/** `PUT /api/projects/:projectId/attributes/:name`: the attribute's new type. */
export const PutAttributeBodySchema = z.object({ type: AttributeTypeSchema }).strict();
export type PutAttributeBody = z.infer<typeof PutAttributeBodySchema>;

/** A case (participant, site, …): a named group of one or more of a project's documents. */
export const CaseSchema = z.object({
  id: IdSchema,
  projectId: IdSchema,
  name: z.string(),
  description: z.string(),
  /** Its documents, in the project's document order. A document may belong to several cases. */
  documentIds: z.array(IdSchema),
  createdAt: z.string(),
});
export type Case = z.infer<typeof CaseSchema>;

const CaseNameSchema = z
  .string()
  .trim()
  .min(1, 'a case needs a name')
  .max(200, 'a case name holds at most 200 characters')
  .refine((t) => titleProblem(t) === null, { message: titleProblem('\n') ?? '' });
const CaseDescriptionSchema = z.string().max(10_000, 'a case description holds at most 10,000 characters');
const CaseDocumentsSchema = z
  .array(IdSchema)
  .max(10_000)
  .transform((ids) => [...new Set(ids)]);

/** `POST /api/projects/:projectId/cases`. */
export const CreateCaseBodySchema = z
  .object({
    name: CaseNameSchema,
    description: CaseDescriptionSchema.default(''),
    documentIds: CaseDocumentsSchema.default([]),
  })
  .strict();
export type CreateCaseBody = z.infer<typeof CreateCaseBodySchema>;

/** `PATCH /api/projects/:projectId/cases/:caseId`: absent fields stay; `documentIds` replaces the list. */
export const UpdateCaseBodySchema = z
  .object({
    name: CaseNameSchema.optional(),
    description: CaseDescriptionSchema.optional(),
    documentIds: CaseDocumentsSchema.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export type UpdateCaseBody = z.infer<typeof UpdateCaseBodySchema>;
