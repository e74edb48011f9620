export * from './community.errors';
export * from './community.routes';
export * from './events';
export * from './forums.dto';
export * from './reports.dto';
export * from './reviews.dto';
