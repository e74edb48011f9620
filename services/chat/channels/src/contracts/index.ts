export * from './channels.dto';
export * from './channels.errors';
export * from './channels.routes';
export * from './events';
