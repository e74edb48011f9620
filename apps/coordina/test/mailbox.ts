import type { AddressInfo } from 'node:net';
import { eventually } from '@coordina/platform/testing';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One email as a user would read it. */
export interface Mail {
  readonly to: string[];
  readonly subject: string;
  readonly text: string;
}

/**
 * A real SMTP server the product delivers to in end-to-end tests: codes and links are read
 * from the emails users get, never from a backdoor endpoint.
 */
export class Mailbox {
  readonly #mails: Mail[] = [];
  readonly #server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, session, callback) => {
      simpleParser(stream)
        .then((parsed) => {
          this.#mails.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
          });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  #port = 0;

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#port = (this.#server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.#port}`;
  }

  /** Every email sent to the address so far. */
  to(address: string): Mail[] {
    return this.#mails.filter((m) => m.to.includes(address.toLowerCase()));
  }

  /** Waits for an email to the address whose subject or text matches, and returns the first capture group. */
  async extract(address: string, pattern: RegExp, timeoutMs = 15_000, skip = 0): Promise<string> {
    try {
      return await eventually(async () => {
        const found = this.to(address)
          .map((m) => pattern.exec(`${m.subject}\n${m.text}`))
          .filter((m): m is RegExpExecArray => m !== null);
        const match = found[skip];
        return match ? (match[1] ?? match[0]) : undefined;
      }, timeoutMs);
    } catch {
      const got = this.to(address).map((m) => m.subject);
      throw new Error(`no email to ${address} matching ${pattern} within ${timeoutMs} ms; got: ${JSON.stringify(got)}`);
    }
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
