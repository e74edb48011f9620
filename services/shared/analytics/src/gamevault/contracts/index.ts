export * from './gamevault.dto';
export * from './gamevault.routes';
