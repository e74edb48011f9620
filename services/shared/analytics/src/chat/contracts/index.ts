export * from './chat.dto';
export * from './chat.routes';
