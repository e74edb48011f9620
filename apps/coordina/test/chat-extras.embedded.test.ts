import { chatExtrasScenarios } from './chat-extras.scenarios';
import { embedded } from './harness';

chatExtrasScenarios('embedded: one process, PostgreSQL log', embedded);
