export * from './cart.dto';
export * from './events';
export * from './order.dto';
export * from './orders.errors';
export * from './orders.routes';
