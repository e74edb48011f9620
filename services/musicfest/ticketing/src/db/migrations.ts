import type { Migration } from '@coordina/platform';

export const migrations: Migration[] = [];
