/**
 * Chat facts: one row per event, keyed by the event id like every system's. `day` is the date
 * in Lima (UTC-5) of the event's `at`. Campaigns are facts too (`campana.creada`): a report
 * labels a campaign with its title, and one whose impressions arrive first keeps its id as label
 * until it does.
 */
export const chatFactsMigration = {
  id: '004_chat_ads_facts',
  sql: `
CREATE TABLE chat_ad_campaign_facts (
  event_id VARCHAR PRIMARY KEY,
  campaign_id VARCHAR NOT NULL,
  advertiser_id VARCHAR NOT NULL,
  title VARCHAR NOT NULL,
  occurred_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE chat_ad_impression_facts (
  event_id VARCHAR PRIMARY KEY,
  impression_id VARCHAR NOT NULL,
  campaign_id VARCHAR NOT NULL,
  advertiser_id VARCHAR NOT NULL,
  user_id VARCHAR NOT NULL,
  placement VARCHAR NOT NULL,
  cost_cents BIGINT NOT NULL,
  occurred_at TIMESTAMPTZ NOT NULL,
  day DATE NOT NULL
);
CREATE TABLE chat_ad_click_facts (
  event_id VARCHAR PRIMARY KEY,
  impression_id VARCHAR NOT NULL,
  campaign_id VARCHAR NOT NULL,
  advertiser_id VARCHAR NOT NULL,
  user_id VARCHAR NOT NULL,
  placement VARCHAR NOT NULL,
  cost_cents BIGINT NOT NULL,
  occurred_at TIMESTAMPTZ NOT NULL,
  day DATE NOT NULL
);`,
};
