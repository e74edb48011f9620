import type { FieldIssue } from '@coordina/platform';
import type { TicketTypePatch } from '../contracts/event.dto';

export interface TicketTypeState {
  id: string;
  name: string;
  price: number;
  discountPercent: number;
  quantity: number;
  salesStartAt: Date;
  salesEndAt: Date;
}

export interface PatchedTicketTypes {
  /** Every type after the patch: existing ones (patched or not) first, then new ones. */
  all: TicketTypeState[];
  updated: TicketTypeState[];
  /** New types, with the index of the patch that adds each one. */
  added: { index: number; type: Omit<TicketTypeState, 'id'> }[];
  /** Patch index of each updated type, for errors. */
  indexOf: Map<string, number>;
  issues: FieldIssue[];
}

const same = (a: TicketTypeState, b: TicketTypeState) =>
  a.name === b.name &&
  a.price === b.price &&
  a.discountPercent === b.discountPercent &&
  a.quantity === b.quantity &&
  a.salesStartAt.getTime() === b.salesStartAt.getTime() &&
  a.salesEndAt.getTime() === b.salesEndAt.getTime();

/** Applies ticket type edits: an `id` updates that type with the given fields, no `id` adds one (all fields required). */
export class TicketTypePatchRules {
  apply(current: readonly TicketTypeState[], patches: readonly TicketTypePatch[]): PatchedTicketTypes {
    const byId = new Map(current.map((t) => [t.id, t]));
    const next = new Map(byId);
    const out: PatchedTicketTypes = { all: [], updated: [], added: [], indexOf: new Map(), issues: [] };
    for (const [index, p] of patches.entries()) {
      const at = `body.ticketTypes.${index}`;
      if (p.id !== undefined) {
        const cur = byId.get(p.id);
        if (!cur) {
          out.issues.push({ field: `${at}.id`, message: 'no such ticket type in this event' });
          continue;
        }
        if (out.indexOf.has(p.id)) {
          out.issues.push({ field: `${at}.id`, message: 'ticket type given twice' });
          continue;
        }
        out.indexOf.set(p.id, index);
        const t: TicketTypeState = {
          id: cur.id,
          name: p.name ?? cur.name,
          price: p.price ?? cur.price,
          discountPercent: p.discountPercent ?? cur.discountPercent,
          quantity: p.quantity ?? cur.quantity,
          salesStartAt: p.salesStartAt ? new Date(p.salesStartAt) : cur.salesStartAt,
          salesEndAt: p.salesEndAt ? new Date(p.salesEndAt) : cur.salesEndAt,
        };
        next.set(t.id, t);
        if (!same(cur, t)) out.updated.push(t);
        continue;
      }
      const missing = (['name', 'price', 'quantity', 'salesStartAt', 'salesEndAt'] as const).filter(
        (f) => p[f] === undefined,
      );
      for (const f of missing) out.issues.push({ field: `${at}.${f}`, message: 'required for a new ticket type' });
      if (!p.name || p.price === undefined || p.quantity === undefined || !p.salesStartAt || !p.salesEndAt) continue;
      out.added.push({
        index,
        type: {
          name: p.name,
          price: p.price,
          discountPercent: p.discountPercent ?? 0,
          quantity: p.quantity,
          salesStartAt: new Date(p.salesStartAt),
          salesEndAt: new Date(p.salesEndAt),
        },
      });
    }
    out.all = [...next.values(), ...out.added.map((a) => ({ ...a.type, id: `new:${a.index}` }))];
    if (out.all.length > 20) out.issues.push({ field: 'body.ticketTypes', message: 'at most 20 ticket types' });
    return out;
  }
}
