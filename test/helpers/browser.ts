// Debian's headless Chromium driven by playwright-core, with the flags this closed network needs.
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** playwright gives each launch a fresh, empty profile of its own (removed on close). */
export async function launchBrowser(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  return { browser, close: () => browser.close() };
}

/** Opens a file in a fresh page and collects console errors and uncaught page errors. */
export async function openFile(browser: Browser, file: string): Promise<{ page: Page; errors: string[]; loadMs: number }> {
  const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
  const errors: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('request', (request) => { if (!request.url().startsWith('file:')) errors.push(`network request: ${request.url()}`); });
  const started = Date.now();
  await page.goto(`file://${file}`);
  await page.waitForSelector('#treemap rect');
  return { page, errors, loadMs: Date.now() - started };
}
