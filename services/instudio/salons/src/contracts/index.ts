export * from './events';
export * from './promotions.dto';
export * from './salons.dto';
export * from './salons.routes';
