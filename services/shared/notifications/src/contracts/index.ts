export * from './notifications.dto';
export * from './notifications.routes';
