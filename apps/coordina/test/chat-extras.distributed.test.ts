import { chatExtrasScenarios } from './chat-extras.scenarios';
import { distributed } from './harness';

chatExtrasScenarios('distributed: a process per service, Kafka, Redis, two gateways behind nginx', () => distributed());
