import { type Db, sql } from '@coordina/platform';
import type { ShipmentStatus, ShippingAddress } from '../contracts/logistics.dto';
import { type ShipmentTrigger, shipmentTransition } from '../domain/shipment.state-machine';

export interface ShipmentRecord {
  id: string;
  orderId: string;
  carrier: string;
  status: ShipmentStatus;
  trackingCode: string | null;
  address: ShippingAddress | null;
}

const columns = sql`id, order_id AS "orderId", carrier, status, tracking_code AS "trackingCode", address`;

/** Shipments and their status history; each change is one guarded UPDATE (the state machine's). */
export class ShipmentsRepository {
  async insert(
    q: Db,
    s: { id: string; orderId: string; carrier: string; address: ShippingAddress | null },
  ): Promise<void> {
    await sql`INSERT INTO shipments (id, order_id, carrier, status, address)
      VALUES (${s.id}, ${s.orderId}, ${s.carrier}, 'REQUESTED', ${s.address === null ? null : JSON.stringify(s.address)}::jsonb)`.execute(
      q,
    );
    await this.#history(q, s.id, 'REQUESTED', null);
  }

  async setTracking(q: Db, id: string, trackingCode: string): Promise<void> {
    await sql`UPDATE shipments SET tracking_code = ${trackingCode}, updated_at = now() WHERE id = ${id}`.execute(q);
  }

  async ofOrder(q: Db, orderId: string): Promise<ShipmentRecord | undefined> {
    const r = await sql<ShipmentRecord>`SELECT ${columns} FROM shipments WHERE order_id = ${orderId}`.execute(q);
    return r.rows[0];
  }

  async byTracking(q: Db, carrier: string, trackingCode: string): Promise<ShipmentRecord | undefined> {
    const r = await sql<ShipmentRecord>`SELECT ${columns} FROM shipments
      WHERE carrier = ${carrier} AND tracking_code = ${trackingCode}`.execute(q);
    return r.rows[0];
  }

  /** Moves the shipment by `trigger` if its status allows it; undefined otherwise (a late or repeated event). */
  async move(q: Db, id: string, trigger: ShipmentTrigger, source: string | null): Promise<ShipmentRecord | undefined> {
    const { from, to } = shipmentTransition(trigger);
    const r = await sql<ShipmentRecord>`UPDATE shipments SET status = ${to}, updated_at = now()
      WHERE id = ${id} AND status = ANY(${[...from]}::text[]) RETURNING ${columns}`.execute(q);
    const moved = r.rows[0];
    if (moved) await this.#history(q, id, to, source);
    return moved;
  }

  async history(q: Db, id: string): Promise<{ status: ShipmentStatus; at: Date }[]> {
    const r = await sql<{ status: ShipmentStatus; at: Date }>`SELECT status, at FROM shipment_history
      WHERE shipment_id = ${id} ORDER BY seq`.execute(q);
    return r.rows;
  }

  async #history(q: Db, id: string, status: ShipmentStatus, source: string | null): Promise<void> {
    await sql`INSERT INTO shipment_history (shipment_id, status, source) VALUES (${id}, ${status}, ${source})`.execute(
      q,
    );
  }
}
