import { embedded } from './harness';
import { logisticsScenarios } from './logistics.scenarios';

logisticsScenarios('embedded: one process, PostgreSQL log', embedded);
