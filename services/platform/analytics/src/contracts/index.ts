export * from './analytics.dto';
export * from './analytics.routes';
export * from './musicfest.dto';
export * from './musicfest.routes';
