import nodemailer from 'nodemailer';

export interface OutgoingEmail {
  to: string;
  subject: string;
  body: string;
}

/** SMTP via nodemailer when a URL is configured; otherwise emails are only recorded. */
export class MailTransport {
  readonly #smtp: ReturnType<typeof nodemailer.createTransport> | undefined;

  constructor(
    smtpUrl: string | undefined,
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
  }

  /** SENT when an SMTP server accepted it, RECORDED when there is no SMTP server to send to. */
  async send(email: OutgoingEmail): Promise<'SENT' | 'RECORDED'> {
    if (!this.#smtp) return 'RECORDED';
    await this.#smtp.sendMail({ from: this.from, to: email.to, subject: email.subject, text: email.body });
    return 'SENT';
  }

  close(): void {
    this.#smtp?.close();
  }
}
