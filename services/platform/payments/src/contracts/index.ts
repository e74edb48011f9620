export * from './authorize-payment.step';
export * from './events';
export * from './payments.dto';
export * from './payments.routes';
