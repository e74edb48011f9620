import { chatMediaScenarios } from './chat-media.scenarios';
import { distributed } from './harness';

chatMediaScenarios('distributed: a process per service, Kafka, Redis, two gateways behind nginx', (options) =>
  distributed(options),
);
