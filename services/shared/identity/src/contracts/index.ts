export * from './access.dto';
export * from './access.events';
export * from './events';
export * from './identity.dto';
export * from './identity.errors';
export * from './identity.routes';
export * from './mail-secrets';
export * from './system-access';
