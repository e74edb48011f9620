import { z } from 'zod';
import type { EventContract } from '../contracts/event-contract';
import type { RouteContract, ServiceRoutes } from '../contracts/route-contract';
import type { SocketEndpoint } from '../realtime/socket-endpoint';
import { mediaTypeOf, NoBody } from './answer-bodies';

function schema(s: z.ZodType | undefined, io: 'input' | 'output'): unknown {
  if (!s) return undefined;
  try {
    return z.toJSONSchema(s, { io, unrepresentable: 'any' });
  } catch {
    return {};
  }
}

/** The body of every error answer (RFC 9457 with our code and field errors), as `toProblem` writes it. */
const ProblemBody = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  code: z.string(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

function parameters(r: RouteContract): unknown[] {
  const out: unknown[] = [];
  for (const [where, s] of [
    ['path', r.params],
    ['query', r.query],
  ] as const) {
    const js = schema(s, 'input') as { properties?: Record<string, unknown>; required?: string[] } | undefined;
    for (const [name, p] of Object.entries(js?.properties ?? {})) {
      out.push({ name, in: where, required: where === 'path' || (js?.required ?? []).includes(name), schema: p });
    }
  }
  return out;
}

/** The success answer's content: none for `NoBody`, the media type of a `mediaBody`, else JSON. */
function answerContent(response: z.ZodType | undefined): { content?: Record<string, unknown> } {
  if (!response || response === NoBody) return {};
  const media = mediaTypeOf(response);
  if (media) return { content: { [media]: { schema: { type: 'string', description: response.description } } } };
  return { content: { 'application/json': { schema: schema(response, 'output') } } };
}

/** One OpenAPI 3.1 document for every service's route contract. */
/** An upload route's body: one file part named `file`. */
const UPLOAD_SCHEMA = {
  type: 'object',
  required: ['file'],
  properties: { file: { type: 'string', format: 'binary' } },
};

export function openApiDocument(services: readonly ServiceRoutes[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const s of services) {
    for (const r of s.routes) {
      const path = r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      paths[path] ??= {};
      paths[path][r.method.toLowerCase()] = {
        tags: [s.service],
        summary: r.summary,
        security: r.auth === 'public' ? [] : [{ bearer: [] }],
        ...(Array.isArray(r.auth) ? { 'x-roles': r.auth } : {}),
        ...(r.policy ? { 'x-access-policy': r.policy } : {}),
        parameters: parameters(r),
        ...(r.body
          ? { requestBody: { required: true, content: { 'application/json': { schema: schema(r.body, 'input') } } } }
          : r.upload
            ? { requestBody: { required: true, content: { 'multipart/form-data': { schema: UPLOAD_SCHEMA } } } }
            : {}),
        responses: {
          [String(r.status ?? (r.method === 'POST' ? 201 : 200))]: {
            description: 'Success',
            ...answerContent(r.response),
          },
          ...(r.orNoContent ? { '204': { description: 'Nothing to send' } } : {}),
          default: {
            description: 'Problem',
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          },
        },
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Coordina API', version: '0.1.0' },
    components: {
      schemas: { Problem: schema(ProblemBody, 'output') },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    paths,
  };
}

/** AsyncAPI 3 document of every published event. */
export function asyncApiDocument(
  events: readonly { service: string; contract: EventContract }[],
  sockets: readonly { service: string; endpoint: SocketEndpoint }[] = [],
): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const { service, contract } of events) {
    channels[contract.topic] = {
      address: contract.topic,
      description: contract.description,
      messages: { [contract.topic]: { name: contract.topic, payload: schema(contract.schema, 'output') } },
    };
    operations[`${service}.publish.${contract.topic}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${contract.topic}` },
    };
  }
  for (const { service, endpoint } of sockets) socketChannel(service, endpoint, channels, operations);
  return { asyncapi: '3.0.0', info: { title: 'Coordina events', version: '0.1.0' }, channels, operations };
}

/**
 * A WebSocket endpoint as an AsyncAPI channel (decision 0082): its frames are its messages,
 * `client.<type>` the client sends (the gateway receives) and `server.<type>` the gateway sends.
 */
function socketChannel(
  service: string,
  endpoint: SocketEndpoint,
  channels: Record<string, unknown>,
  operations: Record<string, unknown>,
): void {
  const id = `ws${endpoint.path.replaceAll('/', '-')}`;
  const frames = (side: 'client' | 'server', table: SocketEndpoint['clientFrames']) =>
    Object.entries(table).map(([type, f]) => [
      `${side}.${type}`,
      { name: `${side}.${type}`, summary: f.description, payload: schema(f.schema, 'output') },
    ]);
  const client = frames('client', endpoint.clientFrames);
  const server = frames('server', endpoint.serverFrames);
  channels[id] = {
    address: endpoint.path,
    title: `WebSocket ${endpoint.path}`,
    description: `${endpoint.summary}. Every frame is one JSON text object with a \`type\`. Authenticate with the first frame (\`client.auth\`) or by offering the subprotocols \`coordina.v1\` and \`bearer.<access token>\`; never in the URL (closed with 4400). No valid token within 5 s: closed with 4401. The gateway pings every 30 s.`,
    messages: Object.fromEntries([...client, ...server]),
    bindings: { ws: { method: 'GET' } },
  };
  const refs = (list: unknown[][]) => list.map(([name]) => ({ $ref: `#/channels/${id}/messages/${String(name)}` }));
  operations[`${service}.socket.receive`] = {
    action: 'receive',
    channel: { $ref: `#/channels/${id}` },
    messages: refs(client),
  };
  operations[`${service}.socket.send`] = {
    action: 'send',
    channel: { $ref: `#/channels/${id}` },
    messages: refs(server),
  };
}
