export * from './booking.dto';
export * from './booking.errors';
export * from './booking.routes';
export * from './events';
export * from './review.dto';
