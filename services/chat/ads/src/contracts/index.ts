export * from './ads.dto';
export * from './ads.routes';
export * from './events';
