import { z } from 'zod';

/**
 * What a route answers when it is not a JSON body, for a contract's `response`:
 * `NoBody` (204, or a 202 without body) and `mediaBody('image/png')` (a stream or a file the
 * handler writes itself). Every route declares its answer; OpenAPI and the response check
 * read these markers (docs/decisions/0040-route-binding.md).
 */
export const NoBody = z.undefined().describe('no body');

const mediaTypes = new WeakMap<z.ZodType, string>();

/** An answer of another media type than JSON, written by the handler (`@Res()`); never checked. */
export function mediaBody(contentType: string, description: string): z.ZodType<unknown> {
  const schema = z.unknown().describe(description);
  mediaTypes.set(schema, contentType);
  return schema;
}

/** The media type of a `mediaBody` schema; undefined for a JSON (or no) body. */
export function mediaTypeOf(schema: z.ZodType | undefined): string | undefined {
  return schema ? mediaTypes.get(schema) : undefined;
}

declare const textAnswerBrand: unique symbol;

/**
 * A body the handler renders as text with its own content type (CSV beside JSON, say): the
 * handler sets the content type, the response check skips it. A plain string is not one.
 */
export type TextAnswer = string & { readonly [textAnswerBrand]: true };

export function textAnswer(text: string): TextAnswer {
  return text as TextAnswer;
}

declare const bytesAnswerBrand: unique symbol;

/**
 * A body the handler renders as bytes with its own content type (a spreadsheet or a PDF beside
 * JSON): sent as it is, the response check skips it, like a `TextAnswer`.
 */
export type BytesAnswer = Buffer & { readonly [bytesAnswerBrand]: true };

export function bytesAnswer(bytes: Buffer): BytesAnswer {
  return bytes as BytesAnswer;
}

/**
 * A JSON answer serialized already (a cached read keeps its pages as text, decision 0059):
 * sent as it is with the JSON content type, not parsed and serialized again. `T` is the value
 * the text encodes, so a handler returning one still fits its contract's response type.
 */
export class JsonBody<T = unknown> {
  /** The type of the value the text encodes (for the compiler only; never set). */
  declare readonly encodes?: T;

  #bytes: Buffer | undefined;

  constructor(readonly text: string) {}

  /**
   * The text as UTF-8, encoded on first use and kept: a page a cache holds is sent many times,
   * and encoding its text for the socket on every answer cost more than the rest of a hit
   * (decision 0124).
   */
  get bytes(): Buffer {
    this.#bytes ??= Buffer.from(this.text, 'utf8');
    return this.#bytes;
  }

  static of<T>(value: T): JsonBody<T> {
    return new JsonBody<T>(JSON.stringify(value));
  }
}
