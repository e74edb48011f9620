export * from './gamevault.dto';
export * from './gamevault.routes';
export * from './review.events';
