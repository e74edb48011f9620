export * from './catalog.errors';
export * from './catalog.routes';
export * from './events';
export * from './products.dto';
export * from './search-trends.events';
export * from './stock.events';
