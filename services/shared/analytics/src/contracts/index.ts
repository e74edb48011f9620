// What every system's reports share; each system's own contracts are in its folder
// (`@coordina/analytics/<system>/contracts`).
export * from './report-format';
export * from './report-shape';
