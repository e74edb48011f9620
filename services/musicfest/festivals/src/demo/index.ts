// Demo fixtures, not contracts: `@coordina/musicfest-festivals/demo`, for seeds, tests and the
// bench (.dependency-cruiser.cjs keeps them out of any other code).
export * from './demo-events';
