import { type Locale, Locales } from '@coordina/identity/contracts';
import type { Message } from './message';
import { accessTemplates } from './templates/access.templates';
import { instudioTemplates } from './templates/instudio.templates';
import { MessageFormat } from './templates/message.format';
import { musicfestTemplates } from './templates/musicfest.templates';

type Table = (typeof instudioTemplates)['es'] & (typeof accessTemplates)['es'] & (typeof musicfestTemplates)['es'];
/** Every message of one locale, ready to render: `texts.welcome({ name })`. */
export type Texts = {
  [K in keyof Table]: Table[K] extends (f: MessageFormat, d: infer D) => Message ? (d: D) => Message : never;
};

/**
 * The texts users read, in Spanish (Peru, the default) and English, one function per
 * message; `in(locale)` picks the reader's language. Pure: no I/O.
 */
export class MessageTemplates {
  readonly #texts = new Map<Locale, Texts>();

  /** The texts of a locale; anything unknown (an old recipient, a missing field) reads Spanish. */
  in(locale: string | null | undefined = 'es'): Texts {
    const l = this.locale(locale);
    let texts = this.#texts.get(l);
    if (!texts) {
      const f = new MessageFormat(l);
      const table = { ...instudioTemplates[l], ...accessTemplates[l], ...musicfestTemplates[l] } as Record<
        string,
        (f: MessageFormat, d: unknown) => Message
      >;
      texts = Object.fromEntries(
        Object.entries(table).map(([name, render]) => [name, (d: unknown) => render(f, d)]),
      ) as Texts;
      this.#texts.set(l, texts);
    }
    return texts;
  }

  locale(locale: string | null | undefined): Locale {
    return (Locales as readonly string[]).includes(locale ?? '') ? (locale as Locale) : 'es';
  }
}
