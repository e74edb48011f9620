import type { ReviewView } from '../contracts/review.dto';
import type { ReviewRecord } from '../db/review.record';

/** A reviews row as the API shows it. */
export function toReviewView(r: ReviewRecord): ReviewView {
  return {
    id: r.id,
    bookingId: r.bookingId,
    salonId: r.salonId,
    userId: r.userId,
    serviceId: r.serviceId,
    rating: r.rating,
    text: r.text,
    createdAt: new Date(r.createdAt).toISOString(),
    reply:
      r.replyText !== null && r.replyUserId !== null && r.repliedAt !== null
        ? { text: r.replyText, userId: r.replyUserId, createdAt: new Date(r.repliedAt).toISOString() }
        : null,
  };
}
