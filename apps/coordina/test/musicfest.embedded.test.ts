import { embedded } from './harness';
import { musicfestScenarios } from './musicfest.scenarios';

musicfestScenarios('embedded: one process, PostgreSQL log', embedded);
