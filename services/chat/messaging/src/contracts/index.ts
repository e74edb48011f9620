export * from './events';
export * from './extras.dto';
export * from './extras.errors';
export * from './extras.routes';
export * from './messaging.dto';
export * from './messaging.errors';
export * from './messaging.routes';
export * from './socket.frames';
