import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Ticket codes: 12 base32 characters (60 random bits) from the system's CSPRNG. */
export class TicketCodeRules {
  static readonly PATTERN = /^[A-Z2-7]{12}$/;

  next(): string {
    const bytes = randomBytes(8);
    let bits = 0n;
    for (const b of bytes) bits = (bits << 8n) | BigInt(b);
    let code = '';
    for (let i = 0; i < 12; i++) code += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
    return code;
  }
}
