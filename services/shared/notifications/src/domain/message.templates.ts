import { type Locale, Locales } from '@coordina/identity/contracts';
import type { Message } from './message';
import { MessageFormat } from './message.format';

/** A system's messages in one locale: one function per message, given the locale's format. */
// biome-ignore lint/suspicious/noExplicitAny: each message takes its own data.
export type TemplateTable = Record<string, (f: MessageFormat, d: any) => Message>;

/** A table ready to render: `texts.welcome({ name })`. */
export type Texts<T extends TemplateTable> = {
  [K in keyof T]: T[K] extends (f: MessageFormat, d: infer D) => Message ? (d: D) => Message : never;
};

/** The locale a reader gets: anything unknown (an old recipient, a missing field) reads Spanish. */
export function readerLocale(locale: string | null | undefined): Locale {
  return (Locales as readonly string[]).includes(locale ?? '') ? (locale as Locale) : 'es';
}

/**
 * One system's texts users read, in Spanish (Peru, the default) and English; `in(locale)`
 * picks the reader's language. Each system folder has its own table. Pure: no I/O.
 */
export class MessageTemplates<T extends TemplateTable> {
  readonly #texts = new Map<Locale, Texts<T>>();

  constructor(private readonly tables: Record<Locale, T>) {}

  in(locale: string | null | undefined = 'es'): Texts<T> {
    const l = readerLocale(locale);
    let texts = this.#texts.get(l);
    if (!texts) {
      const f = new MessageFormat(l);
      texts = Object.fromEntries(
        Object.entries(this.tables[l]).map(([name, render]) => [name, (d: unknown) => render(f, d)]),
      ) as Texts<T>;
      this.#texts.set(l, texts);
    }
    return texts;
  }
}
