export * from '../runtime/budget';
export * from './kafka-failover';
export * from './media-samples';
export * from './problem.assert';
export * from './start-test-app';
export * from './test-app';
export * from './test-user';
export * from './transport-conformance';
