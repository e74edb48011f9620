/** What the moderation worker decides for a pending review. */
export type ModerationDecision = { status: 'approved' } | { status: 'flagged'; words: string[] };

/** Lower case, accents off: "IDIÓTA" and "idiota" are the same word to the blacklist. */
export function foldWord(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * The blacklist's rule: a review with a blacklisted word (whole words, any case or accent)
 * goes to the moderators' queue; any other is approved. "clase" does not match "clas".
 */
export class Blacklist {
  readonly #words: ReadonlySet<string>;

  constructor(words: readonly string[]) {
    this.#words = new Set(words.map(foldWord).filter((w) => w.length > 0));
  }

  /** The blacklisted words the text contains, in order of appearance, once each. */
  matches(text: string): string[] {
    const found = new Set<string>();
    for (const word of foldWord(text).split(/[^\p{L}\p{N}]+/u)) if (this.#words.has(word)) found.add(word);
    return [...found];
  }

  decide(text: string): ModerationDecision {
    const words = this.matches(text);
    return words.length === 0 ? { status: 'approved' } : { status: 'flagged', words };
  }
}
