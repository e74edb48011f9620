import i18n from './i18n';

/** Money in integer cents of `currency`, in the user's language. */
export function money(cents: number, currency = 'PEN'): string {
  return new Intl.NumberFormat(i18n.language, { style: 'currency', currency }).format(cents / 100);
}

export function dateTime(iso: string): string {
  return new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
