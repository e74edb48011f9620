import type { Locale } from '@coordina/identity/contracts';
import { musicfestEn } from './musicfest.en.templates';
import { musicfestEs } from './musicfest.es.templates';

/** MusicFest purchase and event emails (ticket holders and managers), per locale. */
export const musicfestTemplates: Record<Locale, typeof musicfestEs> = { es: musicfestEs, en: musicfestEn };
