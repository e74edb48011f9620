/** A reviews row, camelCase, as the repository returns it. */
export interface ReviewRecord {
  id: string;
  bookingId: string;
  salonId: string;
  userId: string;
  serviceId: string;
  rating: number;
  text: string;
  createdAt: Date;
  replyText: string | null;
  replyUserId: string | null;
  repliedAt: Date | null;
}
