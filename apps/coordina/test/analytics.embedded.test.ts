import { analyticsScenarios } from './analytics.scenarios';
import { embedded } from './harness';

analyticsScenarios('embedded: one process, PostgreSQL log', embedded);
