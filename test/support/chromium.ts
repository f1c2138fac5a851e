/**
 * Debian's Chromium driven by playwright-core (no browser download): `./dev test` installs the
 * `chromium` package when /usr/bin/chromium is missing. Screenshots go to tmp/screenshots (ignored
 * by git) for review.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from './processes';

export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

/** Flags that let Chromium run as root on a machine with no network but loopback. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); ./dev test does`,
    );
  }
  // launch() gives each browser a fresh, temporary profile (--user-data-dir) and removes it on close.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** Writes a full-page screenshot to tmp/screenshots/<folder>/<name>.png and returns its path. */
export async function screenshot(page: Page, folder: string, name: string): Promise<string> {
  const dir = join(ROOT, 'tmp', 'screenshots', folder);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.evaluate('window.scrollTo(0, 0)'); // the sticky sidebar is drawn where the page is scrolled
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}
