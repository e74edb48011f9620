export * from './categories.dto';
export * from './events';
export * from './promotions.dto';
export * from './salon-search.dto';
export * from './salons.dto';
export * from './salons.routes';
