import type { EventSize } from '../contracts/events';

/**
 * What an event's size allows and costs. Size bounds the total seats over its ticket types and
 * fixes the hosting fee (cents, PEN):
 *
 * | size    | max seats | hosting fee |
 * |---------|-----------|-------------|
 * | small   |       500 | S/ 300      |
 * | medium  |     5,000 | S/ 1,200    |
 * | large   |    20,000 | S/ 4,000    |
 * | massive |   200,000 | S/ 10,000   |
 */
export const EventSizeTable: Readonly<Record<EventSize, { maxSeats: number; hostingFee: number }>> = {
  small: { maxSeats: 500, hostingFee: 30_000 },
  medium: { maxSeats: 5_000, hostingFee: 120_000 },
  large: { maxSeats: 20_000, hostingFee: 400_000 },
  massive: { maxSeats: 200_000, hostingFee: 1_000_000 },
};

export class EventSizePolicy {
  maxSeats(size: EventSize): number {
    return EventSizeTable[size].maxSeats;
  }

  hostingFee(size: EventSize): number {
    return EventSizeTable[size].hostingFee;
  }

  /** The smallest size that holds this many seats, for error messages. */
  smallestFor(seats: number): EventSize | undefined {
    return (Object.keys(EventSizeTable) as EventSize[]).find((s) => EventSizeTable[s].maxSeats >= seats);
  }
}
