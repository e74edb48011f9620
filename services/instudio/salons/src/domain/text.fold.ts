/** Lower case without accents ("Uñas" → "unas"), matching `foldSql` in the database. */
export function foldText(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** A LIKE pattern matching `s` anywhere, with LIKE's wildcards escaped. */
export function containsPattern(s: string): string {
  return `%${foldText(s).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
