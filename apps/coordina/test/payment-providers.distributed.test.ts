import { distributed } from './harness';
import { paymentProviderScenarios } from './payment-providers.scenarios';

paymentProviderScenarios('distributed: a process per service, Kafka, Redis, two gateways behind nginx', () =>
  distributed(),
);
