import { chatScenarios } from './chat.scenarios';
import { embedded } from './harness';

chatScenarios('embedded: one process, PostgreSQL log', embedded);
