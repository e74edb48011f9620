import type {
  BusquedasRegistradas,
  ProductoActualizado,
  ProductoPublicado,
} from '@coordina/gamevault-catalog/contracts';
import type { ResenaAprobada, ResenaRetirada } from '@coordina/gamevault-community/contracts';
import type { PedidoCancelado, PedidoCreado, PedidoPagado } from '@coordina/gamevault-orders/contracts';
import type { EventData } from '@coordina/platform';
import type { FactRow } from '../../domain/fact-row';
import { limaDate } from '../../domain/lima-date';

interface EventMeta {
  id: string;
  type: string;
  time: string;
}

type OrderEvent = EventData<typeof PedidoCreado> | EventData<typeof PedidoPagado> | EventData<typeof PedidoCancelado>;

/** Turns GameVault's catalog, orders and community events into fact rows (pure: no I/O). */
export class GamevaultFactMapper {
  product(e: EventMeta, d: EventData<typeof ProductoPublicado | typeof ProductoActualizado>): FactRow[] {
    const p = d.product;
    const values = {
      event_id: e.id,
      product_id: p.id,
      title: p.title,
      console: p.console,
      genre: p.genre,
      seller_id: p.sellerId,
      updated_at: p.updatedAt,
    };
    return [{ table: 'gv_product_facts', values }];
  }

  /** An order's fact; a paid order also gets one row per line (what the sales reports count). */
  order(e: EventMeta, d: OrderEvent): FactRow[] {
    const fact: FactRow = {
      table: 'gv_order_facts',
      values: {
        event_id: e.id,
        topic: e.type,
        order_id: d.orderId,
        user_id: d.userId,
        total_cents: 'totals' in d ? d.totals.totalCents : null,
        reason: 'reason' in d ? d.reason : null,
        occurred_at: d.at,
        sale_date: limaDate(d.at),
      },
    };
    if (!('paymentId' in d)) return [fact];
    const lines: FactRow[] = d.items.map((i, line) => ({
      table: 'gv_order_lines',
      values: {
        event_id: e.id,
        line,
        order_id: d.orderId,
        product_id: i.productId,
        title: i.title,
        quantity: i.quantity,
        line_total_cents: i.lineTotalCents,
      },
    }));
    return [fact, ...lines];
  }

  searches(e: EventMeta, d: EventData<typeof BusquedasRegistradas>): FactRow[] {
    const day = limaDate(d.to);
    const window: FactRow = {
      table: 'gv_search_windows',
      values: { event_id: e.id, searches: d.searches, from_at: d.from, to_at: d.to, search_date: day },
    };
    const terms: FactRow[] = d.terms.map((t, line) => ({
      table: 'gv_search_terms',
      values: { event_id: e.id, line, kind: t.kind, value: t.value, searches: t.count, search_date: day },
    }));
    return [window, ...terms];
  }

  /** An approval, with its rating; a report counts a review whose latest fact is an approval. */
  approved(e: EventMeta, d: EventData<typeof ResenaAprobada>): FactRow[] {
    return this.#review(e, d, { rating: d.rating, seller_id: d.sellerId, console: null });
  }

  /** A withdrawal (the review was edited or deleted): it counts again only if approved again later. */
  withdrawn(e: EventMeta, d: EventData<typeof ResenaRetirada>): FactRow[] {
    return this.#review(e, d, { rating: null, seller_id: null, console: null });
  }

  #review(
    e: EventMeta,
    d: { reviewId: string; productId: string; at: string },
    approval: { rating: number | null; seller_id: string | null; console: string | null },
  ): FactRow[] {
    const at = d.at;
    const values = {
      event_id: e.id,
      topic: e.type,
      review_id: d.reviewId,
      product_id: d.productId,
      ...approval,
      occurred_at: at,
      review_date: limaDate(at),
    };
    return [{ table: 'gv_review_facts', values }];
  }
}
