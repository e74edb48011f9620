import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startTestApp } from '@coordina/platform/testing';
import { catalogService } from '../src';

describe('GameVault catalog: settings', () => {
  it('refuses to start with a bad GAMEVAULT_CATALOG_LIST_TTL_MS, naming it', async () => {
    await assert.rejects(
      startTestApp({ services: [catalogService], env: { GAMEVAULT_CATALOG_LIST_TTL_MS: 'soon' } }),
      /GAMEVAULT_CATALOG_LIST_TTL_MS/,
    );
  });
});
