import { chatRealtimeScenarios } from './chat-realtime.scenarios';
import { embedded } from './harness';

chatRealtimeScenarios('embedded: one process, in-process user channels', embedded);
