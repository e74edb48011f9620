export * from './musicfest.dto';
export * from './musicfest.routes';
