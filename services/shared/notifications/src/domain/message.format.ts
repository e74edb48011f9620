import type { Locale } from '@coordina/identity/contracts';

const LIMA = 'America/Lima';
const INTL: Record<Locale, string> = { es: 'es-PE', en: 'en-US' };

/** Dates (Lima time) and amounts as a reader of one locale expects them. Pure: no I/O. */
export class MessageFormat {
  readonly #when: Intl.DateTimeFormat;

  constructor(readonly locale: Locale) {
    this.#when = new Intl.DateTimeFormat(INTL[locale], { dateStyle: 'full', timeStyle: 'short', timeZone: LIMA });
  }

  when(iso: string): string {
    return this.#when.format(new Date(iso));
  }

  /** Amounts are in cents. */
  money(cents: number, currency: string): string {
    const symbol = currency === 'PEN' ? 'S/' : currency === 'USD' ? 'US$' : currency;
    return `${symbol} ${(cents / 100).toFixed(2)}`;
  }

  /**
   * Text a user wrote (a name, a User-Agent) as it may stand in a message: control and
   * invisible formatting characters removed, whitespace collapsed to single spaces (so it
   * cannot add lines that look like ours), at most `max` characters (an ellipsis shows the
   * cut). HTML escaping happens when the HTML part is built (`MailTransport`).
   */
  userText(text: string, max = 80): string {
    const clean = text
      .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const chars = [...clean];
    return chars.length <= max ? clean : `${chars.slice(0, max - 1).join('')}…`;
  }

  /** "a, b y c" / "a, b and c". */
  list(items: string[]): string {
    return new Intl.ListFormat(INTL[this.locale], { type: 'conjunction' }).format(items);
  }
}
