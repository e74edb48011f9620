import i18n from '../../i18n';
import { chatEn } from '../../locales/chat.en';
import { chatEs } from '../../locales/chat.es';

// Chat's page messages come with its pages' chunk (as GameVault's); the shell carries only the menu's name.
i18n.addResourceBundle('es', 'translation', { chat: chatEs }, true, false);
i18n.addResourceBundle('en', 'translation', { chat: chatEn }, true, false);
