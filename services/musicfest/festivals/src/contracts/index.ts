export * from './event.dto';
export * from './events';
export * from './events.routes';
