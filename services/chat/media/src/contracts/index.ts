export * from './events';
export * from './media.dto';
export * from './media.errors';
export * from './media.routes';
