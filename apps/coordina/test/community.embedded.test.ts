import { communityScenarios } from './community.scenarios';
import { embedded } from './harness';

communityScenarios('embedded: one process, PostgreSQL log', embedded);
