export * from './events';
export * from './logistics.dto';
export * from './logistics.errors';
export * from './logistics.routes';
