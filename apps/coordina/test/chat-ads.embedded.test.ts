import { chatAdsScenarios } from './chat-ads.scenarios';
import { embedded } from './harness';

chatAdsScenarios('embedded: one process, PostgreSQL log', embedded);
