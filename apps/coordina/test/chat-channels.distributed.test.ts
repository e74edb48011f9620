import { CHANNELS_SCENARIO_ENV, chatChannelsScenarios } from './chat-channels.scenarios';
import { distributed } from './harness';

chatChannelsScenarios('distributed: a process per service, Kafka, Redis, two gateways behind nginx', () =>
  distributed({ env: CHANNELS_SCENARIO_ENV }),
);
