import { createHash, randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** RFC 6455's GUID, hashed with the key to prove the server read the handshake. */
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OP_TEXT = 1;
const OP_BINARY = 2;
const OP_CLOSE = 8;
const OP_PING = 9;
const OP_PONG = 10;

export interface LeanSocketHandlers {
  /** The handshake was answered 101 with the right accept hash. */
  open: () => void;
  /** A complete text or binary message: its payload is `data[start, end)` (valid during the call only). */
  message: (data: Buffer, start: number, end: number, binary: boolean) => void;
  /** The connection ended, with the reason when it failed (refused handshake, bad frame, socket error). */
  closed: (error?: string) => void;
}

/**
 * The bench's WebSocket client (decision 0143): the client side of RFC 6455 on a bare TCP
 * socket, as lean as a load generator must be. The `ws` client costs the socket-clients process
 * about 6 µs per frame received (its receiver is a Writable stream, each frame an event and a
 * Buffer); 1,000 sockets at 100 messages a second made that process the machine's second busiest,
 * taking a core the servers measured beside it needed. Here a frame is parsed where it lies in
 * the chunk read, and only its key is read. It answers pings, sends masked frames, and refuses
 * what the bench never meets (masked or reserved-bit frames) by closing with an error.
 */
export class LeanSocket {
  readonly #socket: Socket;
  readonly #handlers: LeanSocketHandlers;
  #handshaken = false;
  /** Bytes read and not yet parsed (a frame or handshake split across reads). */
  #pending: Buffer | undefined;
  /** A fragmented message's parts so far, with its opcode. */
  #fragments: { op: number; parts: Buffer[] } | undefined;
  #ended = false;
  readonly #protocols: readonly string[];

  constructor(url: string, protocols: readonly string[], handlers: LeanSocketHandlers) {
    this.#handlers = handlers;
    this.#protocols = protocols;
    const u = new URL(url);
    const key = randomBytes(16).toString('base64');
    const expected = createHash('sha1')
      .update(key + GUID)
      .digest('base64');
    this.#socket = connect({ host: u.hostname, port: Number(u.port) || 80 }, () => {
      this.#socket.setNoDelay(true);
      this.#socket.write(
        `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n` +
          (protocols.length > 0 ? `Sec-WebSocket-Protocol: ${protocols.join(', ')}\r\n` : '') +
          '\r\n',
      );
    });
    this.#socket.on('data', (chunk: Buffer) => this.#read(chunk, expected));
    this.#socket.on('error', (err) => this.#end(err.message));
    this.#socket.on('close', () => this.#end());
  }

  /** Sends a text message (masked, as every client frame must be). */
  send(text: string): void {
    this.#frame(OP_TEXT, Buffer.from(text));
  }

  terminate(): void {
    this.#socket.destroy();
  }

  #read(chunk: Buffer, expected: string) {
    let data = this.#pending ? Buffer.concat([this.#pending, chunk]) : chunk;
    this.#pending = undefined;
    if (!this.#handshaken) {
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) {
        this.#pending = data;
        return;
      }
      const head = data.toString('latin1', 0, end);
      const accept = /\r\nsec-websocket-accept:\s*(\S+)/i.exec(head)?.[1];
      if (!head.startsWith('HTTP/1.1 101') || accept !== expected) {
        return this.#fail(`handshake refused: ${head.split('\r\n')[0]}`);
      }
      const protocol = /\r\nsec-websocket-protocol:\s*(\S+)/i.exec(head)?.[1];
      if (protocol === undefined ? this.#protocols.length > 0 : !this.#protocols.includes(protocol)) {
        return this.#fail(`handshake refused: subprotocol ${protocol ?? 'none'} for ${this.#protocols.join(', ')}`);
      }
      this.#handshaken = true;
      this.#handlers.open();
      data = data.subarray(end + 4);
    }
    let at = 0;
    while (!this.#ended && data.length - at >= 2) {
      const b0 = data[at] as number;
      const b1 = data[at + 1] as number;
      if ((b0 & 0x70) !== 0 || (b1 & 0x80) !== 0) return this.#fail('reserved bits or a masked frame from the server');
      let length = b1 & 0x7f;
      let header = 2;
      if (length === 126) {
        if (data.length - at < 4) break;
        length = data.readUInt16BE(at + 2);
        header = 4;
      } else if (length === 127) {
        if (data.length - at < 10) break;
        length = Number(data.readBigUInt64BE(at + 2));
        header = 10;
      }
      if (data.length - at < header + length) break;
      const start = at + header;
      at = start + length;
      this.#frameRead((b0 & 0x80) !== 0, b0 & 0x0f, data, start, at);
    }
    if (at < data.length) this.#pending = Buffer.from(data.subarray(at));
  }

  #frameRead(fin: boolean, op: number, data: Buffer, start: number, end: number) {
    if (op === OP_PING) return this.#frame(OP_PONG, data.subarray(start, end));
    if (op === OP_PONG) return;
    if (op === OP_CLOSE) {
      this.#frame(OP_CLOSE, data.subarray(start, Math.min(end, start + 2)));
      this.#socket.end();
      return;
    }
    if (op === 0 || !fin) {
      // Fragmented: gathered until its final frame (the servers here never fragment).
      if (op !== 0) this.#fragments = { op, parts: [] };
      if (!this.#fragments) return this.#fail('a continuation frame without a first');
      this.#fragments.parts.push(Buffer.from(data.subarray(start, end)));
      if (!fin) return;
      const whole = Buffer.concat(this.#fragments.parts);
      const first = this.#fragments.op;
      this.#fragments = undefined;
      return this.#handlers.message(whole, 0, whole.length, first === OP_BINARY);
    }
    if (op !== OP_TEXT && op !== OP_BINARY) return this.#fail(`unknown opcode ${op}`);
    this.#handlers.message(data, start, end, op === OP_BINARY);
  }

  #frame(op: number, payload: Buffer): void {
    if (this.#socket.destroyed) return;
    const length = payload.length;
    const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
    const bytes = Buffer.allocUnsafe(header + 4 + length);
    bytes[0] = 0x80 | op;
    if (header === 2) bytes[1] = 0x80 | length;
    else if (header === 4) {
      bytes[1] = 0x80 | 126;
      bytes.writeUInt16BE(length, 2);
    } else {
      bytes[1] = 0x80 | 127;
      bytes.writeBigUInt64BE(BigInt(length), 2);
    }
    const mask = randomBytes(4);
    mask.copy(bytes, header);
    for (let i = 0; i < length; i++) bytes[header + 4 + i] = (payload[i] as number) ^ (mask[i & 3] as number);
    this.#socket.write(bytes);
  }

  #fail(reason: string): void {
    this.#socket.destroy();
    this.#end(reason);
  }

  #end(error?: string): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#handlers.closed(error);
  }
}
