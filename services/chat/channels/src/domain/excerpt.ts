/** The longest excerpt of a post in notifications and digests. */
export const EXCERPT_LENGTH = 280;

/** A post's text cut for a notification: at most EXCERPT_LENGTH characters, an ellipsis when cut. */
export function excerpt(text: string): string {
  const chars = [...text];
  return chars.length <= EXCERPT_LENGTH ? text : `${chars.slice(0, EXCERPT_LENGTH - 1).join('')}…`;
}
