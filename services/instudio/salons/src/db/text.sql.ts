import { sql } from '@coordina/platform';

/** A SQL fragment built with `sql`. */
export type Fragment = ReturnType<typeof sql.raw>;

const ACCENTED = 'áàäâãéèëêíìïîóòöôõúùüûñç';
const PLAIN = 'aaaaaeeeeiiiiooooouuuunc';

/** lower() without accents, the SQL twin of `foldText`. */
export function foldSql(expr: Fragment): Fragment {
  return sql`translate(lower(${expr}), ${ACCENTED}, ${PLAIN})`;
}
