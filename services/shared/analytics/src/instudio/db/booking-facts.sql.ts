/**
 * One row per booking in scope, built from its facts at query time, so the order the
 * events arrived in does not matter. `$from`/`$to` bound the appointment's local date;
 * `$salon` and `$admin` (a salon admin's id, via the salons replica) narrow the salons.
 * Gross is the confirmed price of bookings that were confirmed; refunded is what
 * pago.reembolsado returned for those bookings (matched by `booking:<id>` or paymentId).
 */
export const BOOKING_FACTS_CTE = `
WITH per_booking AS (
  SELECT booking_id,
    any_value(salon_id) AS salon_id,
    any_value(service_id) AS service_id,
    min(local_date) AS day,
    max(district) AS district,
    max(subcategory) AS subcategory,
    bool_or(topic = 'reserva.confirmada') AS confirmed,
    bool_or(topic = 'reserva.cancelada') AS cancelled,
    bool_or(topic = 'reserva.completada') AS completed,
    bool_or(topic IN ('reserva.no-presentada', 'reserva.no_presentada')) AS no_show,
    max(price_cents) FILTER (WHERE topic = 'reserva.confirmada') AS confirmed_price,
    max(payment_id) AS payment_id
  FROM booking_facts
  GROUP BY booking_id
),
refunds AS (
  SELECT coalesce(p.booking_id, b.booking_id) AS booking_id, sum(p.amount_cents) AS refunded
  FROM payment_facts p LEFT JOIN per_booking b ON b.payment_id = p.payment_id
  WHERE p.topic = 'pago.reembolsado'
  GROUP BY 1
),
facts AS (
  SELECT b.booking_id, b.salon_id, b.service_id, b.day, b.confirmed, b.cancelled, b.completed, b.no_show,
    s.name AS salon_name,
    sv.name AS service_name,
    coalesce(b.district, s.district, 'unknown') AS district,
    coalesce(b.subcategory, sv.subcategory, 'unknown') AS subcategory,
    CASE WHEN b.confirmed THEN coalesce(b.confirmed_price, 0) ELSE 0 END AS gross,
    CASE WHEN b.confirmed THEN coalesce(r.refunded, 0) ELSE 0 END AS refunded
  FROM per_booking b
  LEFT JOIN salons s ON s.salon_id = b.salon_id
  LEFT JOIN salon_services sv ON sv.service_id = b.service_id
  LEFT JOIN refunds r ON r.booking_id = b.booking_id
  WHERE ($from::DATE IS NULL OR b.day >= $from::DATE)
    AND ($to::DATE IS NULL OR b.day <= $to::DATE)
    AND ($salon::VARCHAR IS NULL OR b.salon_id = $salon::VARCHAR)
    AND ($admin::VARCHAR IS NULL OR s.admin_user_id = $admin::VARCHAR)
)`;
