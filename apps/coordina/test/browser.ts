// The browser helpers live with the CLI (`coordina screenshots` drives the same Chromium).
import type { Page } from 'playwright-core';

export { contextOptions, launchBrowser, newContext } from '../src/browser';

/** What went wrong in a page while a scenario drove it: script errors and what the CSP refused. */
export function pageFailures(page: Page): string[] {
  const failures: string[] = [];
  page.on('pageerror', (err) => failures.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) failures.push(msg.text());
  });
  return failures;
}
