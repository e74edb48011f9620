import type { IncomingMessage, ServerResponse } from 'node:http';

/** The parts of Fastify's reply and request that streaming and binary answers use. */
export interface RawReply {
  readonly raw: ServerResponse;
  hijack(): void;
  getHeaders(): Record<string, number | string | string[] | undefined>;
  header(name: string, value: string): RawReply;
  send(payload: Buffer): unknown;
}

export interface RawRequest {
  readonly raw: IncomingMessage;
}
