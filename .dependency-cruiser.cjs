/**
 * Layer rules, checked in CI (`npm run lint`):
 * - a service imports another service's `contracts` and nothing else of it, except its demo
 *   fixtures (`src/demo`, the package's `/demo` entry), which only seeds and demo data read;
 * - a service's `domain` has no I/O: nothing from its db, http or events folders (also inside a
 *   system's folder, e.g. analytics' `instudio/domain`);
 * - analytics' core and its system folders (one per system, decision 0035) stay apart: the core
 *   imports no system, a system imports the core and itself only;
 * - a service's code imports the platform's SDK (`@coordina/platform`), never its runtime
 *   (`@coordina/platform/runtime`: the app, brokers, servers; decision 0041); its tests may;
 * - the platform imports no service; nothing is circular.
 */
module.exports = {
  forbidden: [
    {
      name: 'only-contracts-across-services',
      comment: 'Services may import only the contracts of another service (docs/principles.md, principle 3).',
      severity: 'error',
      from: { path: '^services/([^/]+)/([^/]+)/src/' },
      to: {
        path: '^services/([^/]+)/([^/]+)/',
        pathNot: [
          '^services/$1/$2/',
          '^services/[^/]+/[^/]+/(src|dist/src)/contracts/',
          '^services/[^/]+/[^/]+/(src|dist/src)/demo/',
        ],
      },
    },
    {
      name: 'demo-fixtures-only-in-seeds',
      comment:
        'Demo fixtures (src/demo, exported as <package>/demo) are read by seeds and demo data (files named demo-*), other demo fixtures, tests and the bench; never by contracts or the code that serves requests.',
      severity: 'error',
      from: {
        path: '^services/[^/]+/[^/]+/src/',
        pathNot: ['^services/[^/]+/[^/]+/src/demo/', '/demo-[^/]+[.]ts$'],
      },
      to: { path: '^services/[^/]+/[^/]+/(src|dist/src)/demo/' },
    },
    {
      name: 'domain-has-no-io',
      severity: 'error',
      from: { path: ['^services/[^/]+/[^/]+/src/domain/', '^services/[^/]+/[^/]+/src/[^/]+/domain/'] },
      to: {
        path: ['^services/[^/]+/[^/]+/src/(db|http|events)/', '^services/[^/]+/[^/]+/src/[^/]+/(db|http|events)/'],
      },
    },
    {
      name: 'analytics-core-knows-no-system',
      severity: 'error',
      from: { path: '^services/[^/]+/analytics/src/(contracts|db|domain|http)/' },
      to: {
        path: '^services/[^/]+/analytics/src/[^/]+/',
        pathNot: '^services/[^/]+/analytics/src/(contracts|db|domain|http)/',
      },
    },
    {
      name: 'analytics-systems-apart',
      severity: 'error',
      from: {
        path: '^services/[^/]+/analytics/src/([^/]+)/',
        pathNot: '^services/[^/]+/analytics/src/(contracts|db|domain|http)/',
      },
      to: {
        path: '^services/[^/]+/analytics/src/[^/]+/',
        pathNot: ['^services/[^/]+/analytics/src/$1/', '^services/[^/]+/analytics/src/(contracts|db|domain|http)/'],
      },
    },
    {
      name: 'services-use-the-sdk',
      comment: "A service's code imports @coordina/platform, not @coordina/platform/runtime (decision 0041).",
      severity: 'error',
      from: { path: '^services/[^/]+/[^/]+/src/' },
      to: { path: '^packages/platform/(dist/)?src/runtime/index\\.(js|d\\.ts|ts)$' },
    },
    {
      name: 'platform-imports-no-service',
      severity: 'error',
      from: { path: '^packages/platform/' },
      to: { path: '^(services|apps)/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    // Other packages resolve to their built files (dist): keep them as targets, don't cruise them.
    doNotFollow: { path: ['node_modules', '(^|/)dist/'] },
    exclude: { path: 'node_modules' },
    includeOnly: { path: '^(packages|services|apps)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    combinedDependencies: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['require', 'node', 'default', 'types'] },
  },
};
