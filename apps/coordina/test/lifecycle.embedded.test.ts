import { embedded } from './harness';
import { lifecycleScenarios } from './lifecycle.scenarios';

lifecycleScenarios('embedded: one process, PostgreSQL log', embedded);
