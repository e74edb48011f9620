export * from './events';
export * from './messaging.dto';
export * from './messaging.errors';
export * from './messaging.routes';
export * from './socket.frames';
