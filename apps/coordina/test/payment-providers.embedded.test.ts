import { embedded } from './harness';
import { paymentProviderScenarios } from './payment-providers.scenarios';

paymentProviderScenarios('embedded: one process, PostgreSQL log', embedded);
