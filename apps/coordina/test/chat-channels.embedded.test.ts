import { CHANNELS_SCENARIO_ENV, chatChannelsScenarios } from './chat-channels.scenarios';
import { embedded } from './harness';

chatChannelsScenarios('embedded: one process, PostgreSQL log', () => embedded({ env: CHANNELS_SCENARIO_ENV }));
