/**
 * One coding made as a coder does it: signed in as one of the study's coders, through stock
 * y-websocket clients on the document's text room (read) and the coder's layer room (write).
 * Resolves once the server answers the coding in the document's codings, so what is timed after
 * it is the server's work on a state that already holds it.
 */
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { addCoding } from '../../shared/model/layer.ts';
import { roomName } from '../../shared/protocol.ts';
import type { Code } from '../../shared/schemas.ts';
import type { StudyContext } from './context.ts';
import { getJson, sendJson, until } from './http.ts';

/** Where the coding went. */
export interface OneCoding {
  documentId: string;
  coderId: string;
  codingId: string;
}

/** A session token for a coder: a new password set by the administrator, then a sign-in. */
async function signInAs(ctx: StudyContext, userId: string): Promise<string> {
  const reset = await sendJson<{ email: string; password: string }>(
    ctx.http,
    'POST',
    `/api/users/${userId}/password`,
    {},
    ctx.token,
  );
  const login = await sendJson<{ token: string }>(ctx.http, 'POST', '/api/auth/login', reset, null);
  return login.token;
}

function open(ctx: StudyContext, room: string, token: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(ctx.ws, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token },
    disableBc: true,
  });
  return { doc, provider };
}

/**
 * Codes the first 40 code points of the middle document of the first coder's share with the
 * codebook's first leaf code, as that coder.
 */
export async function codeOnce(ctx: StudyContext): Promise<OneCoding> {
  const coder = ctx.plan.coders.find((c) => !c.consensus)!;
  const coderId = ctx.coderIds.get(coder.name);
  if (coderId === undefined) throw new Error(`the import named no user for ${coder.name}`);
  const mine = ctx.plan.assignments.flatMap((a, i) => (a.coders.includes(coder.key) ? [i] : []));
  const documentId = ctx.documentIds[mine[mine.length >> 1]!]!;
  const codes = await getJson<Code[]>(ctx, `/api/projects/${ctx.projectId}/codebook`);
  const parents = new Set(codes.map((c) => c.parentId));
  const code = codes.find((c) => !parents.has(c.id))!;
  const token = await signInAs(ctx, coderId);
  const text = open(ctx, roomName.text(documentId), token);
  const layer = open(ctx, roomName.layer(documentId, coderId), token);
  const codingId = `bench-${Date.now().toString(36)}`;
  try {
    await until('the coder to sync', async () => text.provider.synced && layer.provider.synced);
    addCoding(layer.doc, text.doc, {
      id: codingId,
      codeId: code.id,
      start: 0,
      end: 40,
      author: coderId,
      now: new Date().toISOString(),
    });
    await until('the server to hold the new coding', async () => {
      const coded = await getJson<{ codings: { id: string }[] }>(
        ctx,
        `/api/projects/${ctx.projectId}/documents/${documentId}/codings`,
      );
      return coded.codings.some((c) => c.id === codingId);
    });
  } finally {
    for (const c of [text, layer]) {
      c.provider.destroy();
      c.doc.destroy();
    }
  }
  return { documentId, coderId, codingId };
}
