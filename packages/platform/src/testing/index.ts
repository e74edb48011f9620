export * from '../runtime/budget';
export * from './start-test-app';
export * from './test-app';
export * from './transport-conformance';
