// Demo fixtures, not contracts: `@coordina/gamevault-logistics/demo`, for seeds, tests and the bench
// (.dependency-cruiser.cjs keeps them out of any other code).
export * from './demo-keys';
