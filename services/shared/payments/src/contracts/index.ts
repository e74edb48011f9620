export * from './authorize-payment.step';
export * from './events';
export * from './payments.dto';
export * from './payments.errors';
export * from './payments.routes';
export * from './refund-tracking';
