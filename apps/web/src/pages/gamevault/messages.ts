import i18n from '../../i18n';
import { gamevaultEn } from '../../locales/gamevault.en';
import { gamevaultEs } from '../../locales/gamevault.es';

// GameVault's page messages come with its pages' chunk, not in every page's initial
// JavaScript (the shell carries only the nav links' names). Added before any page renders.
i18n.addResourceBundle('es', 'translation', { gamevault: gamevaultEs }, true, false);
i18n.addResourceBundle('en', 'translation', { gamevault: gamevaultEn }, true, false);
