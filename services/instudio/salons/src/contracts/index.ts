export * from './events';
export * from './salons.dto';
export * from './salons.routes';
