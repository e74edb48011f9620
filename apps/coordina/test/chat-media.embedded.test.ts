import { chatMediaScenarios } from './chat-media.scenarios';
import { embedded } from './harness';

chatMediaScenarios('embedded: one process, PostgreSQL log', embedded);
