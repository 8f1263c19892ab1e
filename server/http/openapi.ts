/** The OpenAPI document at `/api/openapi.json`, generated from the same zod schemas the routes use. */
import { TimelineSchema } from '../../shared/sources.ts';
import { z } from 'zod';
import { AgreementInputSchema } from '../../shared/agreement/index.ts';
import {
  AgreementExportQuerySchema,
  CodingsExportQuerySchema,
  ExportLayersSchema,
  ImportedProjectSchema,
  ImportSummarySchema,
  MethodsExportQuerySchema,
  QuotesExportQuerySchema,
} from '../../shared/interchange/api.ts';
import {
  AgreementQuerySchema,
  ApiTokenSchema,
  AuditEntryViewSchema,
  InvitationPreviewSchema,
  PendingInvitationSchema,
  ChangePasswordBodySchema,
  ChangeRoleBodySchema,
  CreateInvitationBodySchema,
  CreateTokenBodySchema,
  CreateUserBodySchema,
  LoginBodySchema,
  PasswordResetSchema,
  PutMemberBodySchema,
  UpdateDocumentBodySchema,
  UpdateProjectBodySchema,
  CodeSchema,
  CodedDocumentViewSchema,
  CreateDocumentBodySchema,
  CreateProjectBodySchema,
  DocumentSchema,
  MembershipSchema,
  ProjectSchema,
  UserSchema,
} from '../../shared/schemas.ts';
import { SyncLimitsSchema } from '../../shared/protocol.ts';
import { MEDIA_FILES, PageRangeSchema } from '../../shared/sources.ts';
import {
  AttributeDefinitionSchema,
  CaseSchema,
  CreateCaseBodySchema,
  PutAttributeBodySchema,
  UpdateCaseBodySchema,
} from '../../shared/schemas.ts';
import {
  AssignmentsQuerySchema,
  AssignmentsViewSchema,
  CodebookDiffSchema,
  CodebookVersionSchema,
  CreateRoundBodySchema,
  CreateVersionBodySchema,
  MyDocumentsViewSchema,
  PriorCodingSchema,
  PutAssignmentsBodySchema,
  RoundSchema,
  RoundViewSchema,
  SplitAssignmentsBodySchema,
  TrajectorySchema,
  VersionQuerySchema,
} from '../../shared/rounds/schemas.ts';
import { SearchQuerySchema, SearchResultSchema } from '../../shared/search/schemas.ts';
import {
  AnalysisEventsKindSchema,
  CooccurrenceQuerySchema,
  CooccurrenceResultSchema,
  MatrixExportQuerySchema,
  MatrixQuerySchema,
  MatrixResultSchema,
  SegmentsExportQuerySchema,
  SegmentsQuerySchema,
  SegmentsResultSchema,
} from '../../shared/analysis/schemas.ts';
import {
  CreateMemoBodySchema,
  MemoListSchema,
  MemoQuerySchema,
  MemoViewSchema,
  UpdateMemoBodySchema,
} from '../../shared/memos/schemas.ts';
import { MergeCodesBodySchema } from './codebookRouter.ts';
import { ReviewBodySchema } from './reviewRouter.ts';
import { ProjectProgressSchema } from '../../shared/progress/progress.ts';

const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z
      .array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() }))
      .optional(),
  }),
});

const BINARY = { type: 'string', format: 'binary' };
const UPLOAD_CONTENT = {
  'multipart/form-data': {
    schema: {
      type: 'object',
      properties: { file: { type: 'array', items: BINARY }, name: { type: 'string' } },
      required: ['file'],
    },
  },
  'application/zip': { schema: BINARY },
};

interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
  status?: number;
  /** The body is an upload: multipart/form-data (field `file`) or the raw file. */
  upload?: true;
  /** Media types of a successful answer that is a file rather than JSON. */
  produces?: string[];
}

const ok = z.object({});

const routes: Route[] = [
  {
    method: 'post',
    path: '/api/auth/login',
    summary: 'Sign in: sets the session and CSRF cookies, returns a token usable as Bearer',
    body: LoginBodySchema,
    response: z.object({ token: z.string(), csrfToken: z.string(), user: UserSchema }),
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    summary: 'End this session (or revoke the token used); its open sockets close with 4401, its streams end',
    response: ok,
    status: 204,
  },
  {
    method: 'post',
    path: '/api/auth/logout-everywhere',
    summary:
      'Sign out everywhere: end every session and API token of the caller, this one included; their sockets close with 4401, their streams end',
    response: ok,
    status: 204,
  },
  {
    method: 'post',
    path: '/api/me/password',
    summary:
      "Change the password (403 when the current one is wrong); the caller's other sessions end, API tokens stay",
    body: ChangePasswordBodySchema,
    response: ok,
    status: 204,
  },
  {
    method: 'get',
    path: '/api/me',
    summary: 'The signed-in user and their memberships',
    response: z.object({
      user: UserSchema,
      memberships: z.array(z.object({ projectId: z.string(), role: z.string().nullable() })),
    }),
  },
  {
    method: 'get',
    path: '/api/me/tokens',
    summary: "The caller's API tokens (never their secrets)",
    response: z.array(ApiTokenSchema),
  },
  {
    method: 'post',
    path: '/api/me/tokens',
    summary: 'Create an API token (the secret is shown once)',
    body: CreateTokenBodySchema,
    response: z.object({ id: z.string(), token: z.string(), name: z.string() }),
    status: 201,
  },
  {
    method: 'delete',
    path: '/api/me/tokens/{tokenId}',
    summary: 'Revoke an API token; sockets and streams it opened close (4401) at once',
    response: ok,
    status: 204,
  },
  {
    method: 'post',
    path: '/api/users',
    summary: 'Create a user (administrators)',
    body: CreateUserBodySchema,
    response: UserSchema,
    status: 201,
  },
  {
    method: 'patch',
    path: '/api/projects/{projectId}',
    summary: 'Change the round (blind) or settings; audited',
    body: UpdateProjectBodySchema,
    response: ProjectSchema,
  },
  {
    method: 'post',
    path: '/api/projects/{projectId}/members',
    summary: 'Add a member or change their role (owners)',
    body: PutMemberBodySchema,
    response: MembershipSchema,
    status: 201,
  },
  {
    method: 'patch',
    path: '/api/projects/{projectId}/members/{userId}',
    summary: "Change a member's role (owners)",
    body: ChangeRoleBodySchema,
    response: MembershipSchema,
  },
  {
    method: 'delete',
    path: '/api/projects/{projectId}/members/{userId}',
    summary: 'Remove a member; their open connections are closed',
    response: ok,
    status: 204,
  },
  {
    method: 'post',
    path: '/api/projects/{projectId}/invitations',
    summary: 'Create an invitation link (owners)',
    body: CreateInvitationBodySchema,
    response: z.object({ token: z.string(), path: z.string(), role: z.string(), expiresAt: z.string() }),
    status: 201,
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/invitations',
    summary: 'Invitation links not yet used and not expired, newest first (owners); `id` is not the secret',
    response: z.array(PendingInvitationSchema),
  },
  {
    method: 'delete',
    path: '/api/projects/{projectId}/invitations/{invitationId}',
    summary: 'Revoke an unused invitation link (owners); audited',
    response: ok,
    status: 204,
  },
  {
    method: 'get',
    path: '/api/invitations/{token}',
    summary: 'Which project and role an invitation link offers, without using it (signed-in users)',
    response: InvitationPreviewSchema,
  },
  {
    method: 'post',
    path: '/api/invitations/{token}/accept',
    summary: 'Join a project through an invitation',
    response: MembershipSchema,
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/audit',
    summary:
      'Audit log, newest first (owners), with the names of who acted and of the user concerned; `limit` (default 200, at most 1000)',
    response: z.array(AuditEntryViewSchema),
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/documents/{documentId}/codings',
    summary:
      'The text and the codings of the layers you may see, in code points; codings whose text was deleted are listed under `orphaned` with who coded what',
    response: CodedDocumentViewSchema,
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/progress',
    summary:
      'Every document in order with its length in code points and, for each layer you may see (in a blind round a coder sees their own), the number of codings, the code points they cover and the done mark; kept as derived data, one request for the project page',
    response: ProjectProgressSchema,
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/documents/{documentId}/timeline',
    summary:
      "The transcript's timeline as its text is now: cues `[start, end)` in code points with `startMs`/`endMs` (ms) and the speaker when known, ordered by start; empty for a document without times",
    response: TimelineSchema,
  },
  {
    method: 'post',
    path: '/api/projects/{projectId}/reviews',
    summary: 'Record a settled disagreement in the audit log (owners, reviewers)',
    body: ReviewBodySchema,
    response: ok,
    status: 204,
  },
  {
    method: 'post',
    path: '/api/projects/{projectId}/codes/merge',
    summary: "Merge one code into another: every layer's codings re-pointed (owners, reviewers)",
    body: MergeCodesBodySchema,
    response: z.object({ recoded: z.number().int(), layers: z.number().int() }),
  },
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
    summary:
      'Add a document (title and plain text, kept as sent; positions are Unicode code points). Goes through the import checks: an empty or binary text is refused (400, issue at `text`), more than 5,000,000 characters too (413); the document is listed only once fully written',
    body: CreateDocumentBodySchema,
    response: DocumentSchema,
    status: 201,
  },
  {
    method: 'patch',
    path: '/api/projects/{projectId}/documents/{documentId}',
    summary:
      'Rename a document and/or replace its attributes (owners, reviewers; audited as `document.rename` / `document.attributes`)',
    body: UpdateDocumentBodySchema,
    response: DocumentSchema,
  },
  {
    method: 'delete',
    path: '/api/projects/{projectId}/documents/{documentId}',
    summary:
      "Delete a document with every coder's codings and the consensus on it (owners, reviewers; audited as `document.delete`); open connections to its rooms close with 4404",
    response: ok,
    status: 204,
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/documents/{documentId}/file',
    summary:
      'The PDF or recording the document was made from, as uploaded (also HEAD): its media type, `ETag` (the SHA-256), `Accept-Ranges: bytes`; one `Range` → 206 with `Content-Range`, outside the file → 416; 404 for typed text. Every member may read it (docs/sources.md)',
    response: z.string(),
    produces: [...new Set(Object.values(MEDIA_FILES).map((m) => m.mediaType))],
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/documents/{documentId}/pages',
    summary:
      "A PDF document's pages, each with its `[start, end)` in code points of the document's text; 404 for documents that are not PDFs",
    response: z.object({ pages: z.array(PageRangeSchema) }),
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/codebook',
    summary: "The project's codes and themes; `version=N`: as recorded in codebook version N",
    query: VersionQuerySchema,
    response: z.array(CodeSchema),
  },
  // Memos (docs/memos.md): metadata here, bodies in the `memo:<projectId>:<memoId>` rooms.
  {
    method: 'get',
    path: '/api/projects/{projectId}/memos',
    summary:
      'The memos the caller may read, oldest first; `q` words in title or body, `kind`, linked `code` or `document` (a blind round shows a coder their own and owners’ and reviewers’ memos)',
    query: MemoQuerySchema,
    response: MemoListSchema,
  },
  {
    method: 'post',
    path: '/api/projects/{projectId}/memos',
    summary: 'Start a project, document or code memo (members but viewers)',
    body: CreateMemoBodySchema,
    response: MemoViewSchema,
    status: 201,
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/memos/{memoId}',
    summary: "A memo with its body and the caller's access; 403 `forbidden` when a blind round hides it",
    response: MemoViewSchema,
  },
  {
    method: 'patch',
    path: '/api/projects/{projectId}/memos/{memoId}',
    summary: "Change a memo's title or links (who may write it)",
    body: UpdateMemoBodySchema,
    response: MemoViewSchema,
  },
  {
    method: 'delete',
    path: '/api/projects/{projectId}/memos/{memoId}',
    summary: 'Delete a memo and its room; its sockets close with 4404 (its author, owners, reviewers)',
    response: ok,
    status: 204,
  },
  {
    method: 'post',
    path: '/api/projects/{projectId}/rounds',
    summary: 'Start a reliability round on listed or sampled documents (owners, reviewers)',
    body: CreateRoundBodySchema,
    response: RoundSchema,
    status: 201,
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/rounds',
    summary: "The project's rounds, oldest first",
    response: z.object({ rounds: z.array(RoundSchema) }),
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/rounds/trajectory',
    summary:
      "Pooled and per-code agreement of every round against the project's target, with the codebook changes before each (frozen once closed, live while open); 403 `forbidden` while the round is blind for those who may not see every layer",
    query: AgreementQuerySchema,
    response: TrajectorySchema,
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/rounds/prior-coding',
    summary:
      'Documents some coder has already coded or marked done, with those coders: a blind sample leaves them out (owners, reviewers)',
    response: PriorCodingSchema,
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/rounds/{roundId}',
    summary: 'A round with its agreement over its documents and coders (live while open, frozen once closed)',
    query: AgreementQuerySchema,
    response: RoundViewSchema,
  },
  {
    method: 'post',
    path: '/api/projects/{projectId}/rounds/{roundId}/close',
    summary: 'Close a round, freezing its agreement report (owners, reviewers)',
    query: AgreementQuerySchema,
    response: RoundViewSchema,
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/assignments',
    summary: "Assignments with each coder's workload (owners, reviewers); `coder=me`: the caller's documents",
    query: AssignmentsQuerySchema,
    response: z.union([AssignmentsViewSchema, MyDocumentsViewSchema]),
  },
  {
    method: 'put',
    path: '/api/projects/{projectId}/assignments',
    summary: "Replace the project's assignments (owners, reviewers)",
    body: PutAssignmentsBodySchema,
    response: AssignmentsViewSchema,
  },
  {
    method: 'post',
    path: '/api/projects/{projectId}/assignments/split',
    summary: 'Split the documents outside every round evenly between coders (seeded)',
    body: SplitAssignmentsBodySchema,
    response: AssignmentsViewSchema,
  },
  {
    method: 'post',
    path: '/api/projects/{projectId}/codebook/versions',
    summary: 'Record the codebook as it is now (owners, reviewers)',
    body: CreateVersionBodySchema,
    response: CodebookVersionSchema,
    status: 201,
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/codebook/versions',
    summary: "The project's recorded codebook versions, oldest first",
    response: z.object({ versions: z.array(CodebookVersionSchema) }),
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/codebook/diff',
    summary: 'Codes added, removed, merged, renamed, moved and redefined between two versions',
    query: z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }),
    response: CodebookDiffSchema,
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
    path: '/api/limits',
    summary:
      'What the sync endpoint accepts, in bytes: the largest frame, and per kind of room the largest edit and document',
    response: SyncLimitsSchema,
  },
  {
    method: 'post',
    path: '/api/users/{userId}/password',
    summary:
      "Administrators: reset a user's password to a generated one, answered once; the user's sessions end (API tokens stay); audited",
    response: PasswordResetSchema,
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/agreement',
    summary:
      'Inter-rater agreement on the live state (see docs/agreement.md for the report); 403 `forbidden` while the round is blind for those who may not see every layer',
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
    summary:
      'Server-Sent Events: an `agreement` event now and after every change to the codings; 403 in a blind round as above; an `access` event `{ error: { code, message } }` ends the stream when the caller loses access or their session or token ends',
    query: AgreementQuerySchema,
    response: z.string(),
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/agreement/input',
    summary:
      'The current codings as an input file for `concord agreement` (everyone who may see every layer; 403 otherwise)',
    response: AgreementInputSchema,
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/search',
    summary:
      'Text search across the transcripts (see docs/search.md): `words` (every occurrence of any word, in documents holding all), `phrase` (the words in sequence, any whitespace between) or `regex` (a JavaScript regular expression, flags `u` and `i` unless `caseSensitive`); positions in code points, half-open, `before`/`after` up to 200 code points; `total` before `offset`/`limit`; 400 `validation` at `q` for a bad pattern; every member may search, in a blind round too',
    query: SearchQuerySchema,
    response: SearchResultSchema,
  },
  {
    method: 'post',
    path: '/api/projects/import',
    summary:
      'Import a new project: a REFI-QDA .qdpx (multipart field `file`, or the raw body), a .qdc codebook, or transcripts (.txt, .md, .docx, .vtt, .srt; UTF-8, UTF-16 with a byte-order mark, else Windows-1252; field `file` repeated); field `name` names it. The project is listed only once wholly written. Users of a .qdpx who coded nothing become members, not raters; existing users are matched by REFI GUID, Concord id, e-mail or name (`import.coders[].matchedBy`); whatever is not kept is named in `import.warnings`',
    upload: true,
    response: ImportedProjectSchema,
    status: 201,
  },
  {
    method: 'post',
    path: '/api/projects/{projectId}/documents/import',
    summary: 'Add transcripts (.txt, .md, .docx, .vtt, .srt; multipart field `file`, repeated) as documents',
    upload: true,
    response: ImportSummarySchema,
    status: 201,
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/export/qdpx',
    summary:
      'The project as REFI-QDA (.qdpx), streamed: each coder a User, consensus its own; your layer only in a blind round. A PDF document is a PDFSource with its Representation, a recording an AudioSource or VideoSource with its Transcript and SyncPoints; their original files are in sources/',
    response: z.string(),
    produces: ['application/zip'],
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/export/qdc',
    summary: 'The codebook as a REFI-QDA codebook (.qdc); `version=N`: as recorded in version N',
    query: VersionQuerySchema,
    response: z.string(),
    produces: ['application/xml'],
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/export/codings.csv',
    summary:
      'Every coding as a tidy CSV row (document, attributes, coder, code, code path, span, text, memo, created)',
    query: CodingsExportQuerySchema,
    response: z.string(),
    produces: ['text/csv'],
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/export/codings.xlsx',
    summary: 'The codings table as an Excel workbook',
    query: CodingsExportQuerySchema,
    response: z.string(),
    produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/export/layers',
    summary:
      'The layers the caller may export quotes from that hold codings (coders, then the consensus), with their coding counts; empty layers are left out',
    response: ExportLayersSchema,
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/export/quotes',
    summary:
      "Illustrative quotes by theme and code for one layer, as a paper's table (Markdown, HTML or Word); a line under it and the `x-concord-orphaned-codings` header count the layer's codings left out because their text was deleted",
    query: QuotesExportQuerySchema,
    response: z.string(),
    produces: [
      'text/markdown',
      'text/html',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/export/methods',
    summary:
      "The reliability part of a methods section written from the closed rounds' frozen reports, with a table per round (Markdown, HTML or Word); 403 `forbidden` while the round is blind for those who may not see every layer",
    query: MethodsExportQuerySchema,
    response: z.string(),
    produces: [
      'text/markdown',
      'text/html',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/export/agreement',
    summary:
      'The agreement report as a printable HTML page, CSV (one row per figure) or JSON; each states how many codings were left out (`orphanedCodings`, `orphaned_codings`); 403 `forbidden` while the round is blind for those who may not see every layer',
    query: AgreementExportQuerySchema,
    response: z.string(),
    produces: ['text/html', 'text/csv', 'application/json'],
  },
  // Analysis (docs/analysis.md): positions in code points, half-open; in a blind round a coder
  // reads only their own layer and naming another layer or the consensus is 403 `forbidden`.
  {
    method: 'get',
    path: '/api/projects/{projectId}/segments',
    summary:
      'Coded retrieval: every passage coded with the codes (a theme brings its codes unless children=false), in the layers (default every layer the caller may read, recode layers aside) and documents asked for; ordered by document, start, layer; `text` is the text from start to end, `before`/`after` up to 200 code points; 400 names unknown codes or documents; 403 for a layer the caller may not read',
    query: SegmentsQuerySchema,
    response: SegmentsResultSchema,
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/segments/export',
    summary:
      'The retrieval as CSV (one row per passage), Markdown or Word, cited "(document, ¶n, speaker)"; same filters and refusals',
    query: SegmentsExportQuerySchema,
    response: z.string(),
    produces: [
      'text/csv',
      'text/markdown',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/cooccurrence',
    summary:
      "Code co-occurrence in one layer (default the caller's own): counts[i][j] = pairs of codings of codes i and j in the same document sharing at least one code point; counts[i][i] = codings of code i",
    query: CooccurrenceQuerySchema,
    response: CooccurrenceResultSchema,
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/matrix',
    summary:
      "Codings of exactly each code (rows) per document or attribute value (columns) in one layer (default the caller's own), and in how many documents",
    query: MatrixQuerySchema,
    response: MatrixResultSchema,
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/matrix/export',
    summary:
      'The matrix as long-format CSV: code_id, code_name, code_path, column_key, column_label, codings, documents',
    query: MatrixExportQuerySchema,
    response: z.string(),
    produces: ['text/csv'],
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/analysis/events',
    summary:
      'Server-Sent Events: an event named after `kind` (segments, cooccurrence, matrix) carrying what that route answers for the same query, now and after every change to the project; refused like the route; an `access` event `{ error: { code, message } }` ends the stream when the caller loses access to the project or to a layer the query names',
    query: AnalysisEventsKindSchema,
    response: z.string(),
  },
  // Cases and typed attributes (docs/cases.md).
  {
    method: 'get',
    path: '/api/projects/{projectId}/attributes',
    summary:
      'Every attribute of the project (declared or held by a document) with its type (`text` when undeclared) and how many documents hold it',
    response: z.object({
      attributes: z.array(AttributeDefinitionSchema.extend({ documents: z.number().int() })),
    }),
  },
  {
    method: 'put',
    path: '/api/projects/{projectId}/attributes/{name}',
    summary:
      "Set an attribute's type (owners, reviewers; audited as `attribute.type`), converting every document's value; 400 listing the documents whose values do not fit (nothing changes then)",
    body: PutAttributeBodySchema,
    response: AttributeDefinitionSchema.extend({ documents: z.number().int() }),
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/cases',
    summary: "The project's cases, oldest first, each with its documents in document order",
    response: z.object({ cases: z.array(CaseSchema) }),
  },
  {
    method: 'post',
    path: '/api/projects/{projectId}/cases',
    summary: 'Create a case grouping documents (owners, reviewers; audited as `case.create`)',
    body: CreateCaseBodySchema,
    response: CaseSchema,
    status: 201,
  },
  {
    method: 'get',
    path: '/api/projects/{projectId}/cases/{caseId}',
    summary: 'One case',
    response: CaseSchema,
  },
  {
    method: 'patch',
    path: '/api/projects/{projectId}/cases/{caseId}',
    summary:
      'Rename a case, change its description or replace its documents (owners, reviewers; audited as `case.update`)',
    body: UpdateCaseBodySchema,
    response: CaseSchema,
  },
  {
    method: 'delete',
    path: '/api/projects/{projectId}/cases/{caseId}',
    summary: 'Delete a case; its documents stay (owners, reviewers; audited as `case.delete`)',
    response: ok,
    status: 204,
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
      ...(r.upload ? { requestBody: { required: true, content: UPLOAD_CONTENT } } : {}),
      responses: {
        [String(r.status ?? 200)]: {
          description: 'OK',
          content: r.produces
            ? Object.fromEntries(r.produces.map((type) => [type, { schema: BINARY }]))
            : json(r.response),
        },
        default: { description: 'Error', content: json(ErrorBodySchema) },
      },
    };
  }
  return { openapi: '3.1.0', info: { title: 'Concord API', version }, paths };
}
