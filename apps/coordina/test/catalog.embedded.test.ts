import { catalogScenarios } from './catalog.scenarios';
import { embedded } from './harness';

catalogScenarios('embedded: one process, PostgreSQL log', embedded);
