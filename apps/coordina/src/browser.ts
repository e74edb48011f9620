import { type Browser, type BrowserContext, type BrowserContextOptions, chromium } from 'playwright-core';
import { ensureBinary } from './system-packages';

/**
 * Debian's Chromium driven by playwright-core (which never downloads a browser of its own).
 * `coordina test` and `coordina screenshots` install the package; a browser that cannot start fails the test with
 * the reason rather than skipping it.
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = ensureBinary('chromium');
  try {
    return await chromium.launch({
      executablePath,
      headless: true,
      // As root (CI, containers) Chromium's sandbox cannot start; /dev/shm may be small.
      args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
      timeout: 60_000,
    });
  } catch (err) {
    throw new Error(`could not start Chromium (${executablePath}): ${err instanceof Error ? err.message : err}`);
  }
}

/** A phone's or a desktop's screen, in the given language. */
export function contextOptions(screen: 'phone' | 'desktop', locale = 'es-PE'): BrowserContextOptions {
  return {
    locale,
    viewport: screen === 'phone' ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    ...(screen === 'phone' ? { isMobile: true, hasTouch: true } : {}),
  };
}

/** A fresh browser profile with contextOptions. */
export function newContext(browser: Browser, screen: 'phone' | 'desktop', locale = 'es-PE'): Promise<BrowserContext> {
  return browser.newContext(contextOptions(screen, locale));
}
