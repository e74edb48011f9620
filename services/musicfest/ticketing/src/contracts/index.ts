export * from './dashboard.dto';
export * from './events';
export * from './purchase.dto';
export * from './ticketing.errors';
export * from './ticketing.routes';
