import { gamevaultScenarios } from './gamevault.scenarios';
import { embedded } from './harness';

gamevaultScenarios('embedded: one process, PostgreSQL log', embedded);
