import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { emailHtml } from '../domain/email.html';

export interface OutgoingEmail {
  id?: string;
  to: string;
  subject: string;
  body: string;
}

/**
 * Plain text plus an escaped HTML alternative (`emailHtml`). SMTP via nodemailer when a URL is configured. Otherwise emails are recorded, and written as
 * .eml files to `mailDir` when one is set (the embedded default's mailbox: `.coordina/mail`).
 */
export class MailTransport {
  readonly #smtp: ReturnType<typeof nodemailer.createTransport> | undefined;
  readonly #files: ReturnType<typeof nodemailer.createTransport> | undefined;

  constructor(
    smtpUrl: string | undefined,
    private readonly mailDir?: string,
    private readonly from = 'Coordina <no-reply@coordina.local>',
  ) {
    this.#smtp = smtpUrl
      ? nodemailer.createTransport({
          url: smtpUrl,
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 20_000,
        })
      : undefined;
    this.#files = !smtpUrl && mailDir ? nodemailer.createTransport({ streamTransport: true, buffer: true }) : undefined;
  }

  /** SENT when an SMTP server accepted it, RECORDED when there is no SMTP server to send to. */
  async send(email: OutgoingEmail): Promise<'SENT' | 'RECORDED'> {
    const mail = {
      from: this.from,
      to: email.to,
      subject: email.subject,
      text: email.body,
      html: emailHtml(email.body),
    };
    if (this.#smtp) {
      await this.#smtp.sendMail(mail);
      return 'SENT';
    }
    if (this.#files && this.mailDir) {
      const info = await this.#files.sendMail(mail);
      mkdirSync(this.mailDir, { recursive: true });
      const name = `${new Date().toISOString().replaceAll(':', '-')}-${email.to.replace(/[^\w.@-]/g, '_')}.eml`;
      writeFileSync(join(this.mailDir, name), (info as unknown as { message: Buffer }).message, { mode: 0o600 });
    }
    return 'RECORDED';
  }

  close(): void {
    this.#smtp?.close();
    this.#files?.close();
  }
}
