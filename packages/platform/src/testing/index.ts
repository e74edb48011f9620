export * from './start-test-app';
export * from './transport-conformance';
export * from './test-app';
