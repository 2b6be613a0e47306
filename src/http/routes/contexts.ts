import type { Context } from 'hono';
import type { App } from '../../app/app.js';
import { serializeInTurns } from '../../app/json-in-turns.js';
import { InvalidInput } from '../../model/errors.js';
import { buildContexts, contextRequestShape } from '../../requests/contexts.js';
import type { McpSession } from '../../requests/session.js';
import * as z from 'zod';
import { fieldErrors } from '../body.js';

const restContextRequest = z.strictObject({ ...contextRequestShape, auth_token: z.string().optional() });

/** POST /mcp/contexts: the original context request, answered in the HTTP session's mode. */
export async function handleContexts(c: Context, app: App, session: McpSession, body: unknown): Promise<Response> {
  const parsed = restContextRequest.safeParse(body);
  if (!parsed.success) {
    return c.json(
      {
        error: 'invalid_request',
        message: 'the context request has invalid fields',
        fields: fieldErrors(parsed.error),
      },
      400,
    );
  }
  const { auth_token: _ignored, ...request } = parsed.data;
  const desk = app.desks[session.mode] ?? app.desks.paper;
  try {
    // Megabytes of JSON are written in turns of the event loop, not in one JSON.stringify.
    const { text } = await serializeInTurns(await buildContexts(app, desk, request, { compact: false }), {
      keep: true,
    });
    return c.body(text ?? 'null', 200, { 'content-type': 'application/json' });
  } catch (error) {
    if (error instanceof InvalidInput) {
      return c.json(
        { error: 'invalid_request', message: error.message, fields: [{ field: error.field, message: error.message }] },
        400,
      );
    }
    throw error;
  }
}
