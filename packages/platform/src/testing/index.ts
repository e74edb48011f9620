export * from '../runtime/budget';
export * from './kafka-failover';
export * from './problem.assert';
export * from './start-test-app';
export * from './test-app';
export * from './test-socket';
export * from './test-user';
export * from './transport-conformance';
