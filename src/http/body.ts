import { readRequestBody } from '@modelcontextprotocol/server';
import type { z } from 'zod';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface FieldError {
  field: string;
  message: string;
}

export type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: 400 | 413; body: { error: string; message: string; fields: FieldError[] } };

/** Reads a JSON body, refusing one over the size limit (413) or one that is not JSON (400). */
export async function readJsonBody(request: Request, maxBytes: number): Promise<BodyResult> {
  let read;
  try {
    read = await readRequestBody(request, maxBytes);
  } catch {
    return {
      ok: false,
      status: 400,
      body: {
        error: 'invalid_body',
        message: 'the request body could not be read',
        fields: [{ field: 'body', message: 'unreadable' }],
      },
    };
  }
  if (read.tooLarge) {
    return {
      ok: false,
      status: 413,
      body: {
        error: 'body_too_large',
        message: `the body is over ${maxBytes} bytes`,
        fields: [{ field: 'body', message: `at most ${maxBytes} bytes` }],
      },
    };
  }
  if (read.text.trim() === '') {
    return {
      ok: false,
      status: 400,
      body: {
        error: 'invalid_body',
        message: 'the body is empty; send a JSON object',
        fields: [{ field: 'body', message: 'required: a JSON object' }],
      },
    };
  }
  try {
    return { ok: true, value: JSON.parse(read.text) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'not JSON';
    return {
      ok: false,
      status: 400,
      body: {
        error: 'invalid_json',
        message: `the body is not valid JSON: ${detail}`,
        fields: [{ field: 'body', message: 'must be a JSON object' }],
      },
    };
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A key as it can be read back: plain when it is an identifier, JSON-quoted otherwise (e.g. the empty key ""). */
function keyText(key: string): string {
  return IDENTIFIER.test(key) ? key : JSON.stringify(key);
}

function pathText(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? keyText(String(part)) : `.${keyText(String(part))}`;
  }
  return text === '' ? 'body' : text;
}

/** zod issues as field errors: `actions[0].action.side: must be BUY or SELL`; one per unknown key. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const base = pathText(issue.path);
      return issue.keys.map((key) => ({
        field: base === 'body' ? keyText(key) : `${base}.${keyText(key)}`,
        message: 'unknown field',
      }));
    }
    return [{ field: pathText(issue.path), message: issue.message }];
  });
}
