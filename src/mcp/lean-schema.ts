/**
 * tools/list is read by the model on every turn: the JSON Schemas it carries lose what a model
 * cannot use (the `$schema` dialect line, zod's ±2^53 bounds on whole numbers, the root's
 * `additionalProperties: false`: an unknown argument is still refused, by name, when called).
 */
import type { McpServer } from '@modelcontextprotocol/server';

type Json = Record<string, unknown>;
interface StandardWithJson {
  validate: unknown;
  jsonSchema?: { input(options: unknown): Json; output(options: unknown): Json };
}

const SAFE = Number.MAX_SAFE_INTEGER;

function prune(node: unknown, root = false): unknown {
  if (Array.isArray(node)) return node.map((n) => prune(n));
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (key === '$schema') continue;
    if (key === 'maximum' && value === SAFE) continue;
    if (key === 'minimum' && value === -SAFE) continue;
    if (root && key === 'additionalProperties' && value === false) continue;
    out[key] = prune(value);
  }
  return out;
}

const leaned = new WeakSet<object>();

/** Makes a zod (Standard JSON Schema) schema emit the pruned JSON Schema; validation is untouched. */
export function leanSchema<T extends object>(schema: T): T {
  if (leaned.has(schema)) return schema;
  const holder = schema as unknown as { '~standard': StandardWithJson };
  const standard = holder['~standard'];
  const json = standard.jsonSchema;
  if (!json) return schema;
  holder['~standard'] = {
    ...standard,
    jsonSchema: {
      input: (o: unknown) => prune(json.input(o), true) as Json,
      output: (o: unknown) => prune(json.output(o), true) as Json,
    },
  };
  leaned.add(schema);
  return schema;
}

/** Every tool registered on this server lists lean schemas. */
export function withLeanToolSchemas(server: McpServer): McpServer {
  const register = server.registerTool.bind(server);
  server.registerTool = ((name: string, config: { inputSchema?: object; outputSchema?: object }, handler: unknown) => {
    if (config.inputSchema) leanSchema(config.inputSchema);
    if (config.outputSchema) leanSchema(config.outputSchema);
    return (register as (...a: unknown[]) => unknown)(name, config, handler);
  }) as McpServer['registerTool'];
  return server;
}
