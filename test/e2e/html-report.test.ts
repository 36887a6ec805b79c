// --html: the analyze and run reports open from disk in headless Chromium, render without errors or
// network, and the treemap shows where the bytes are (biggest box, click for its size).
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/format.js';
import type { SizeNode } from '../../src/report/size-tree.js';
import { launchBrowser, openFile } from '../helpers/browser.js';
import { removeTag } from './run-harness.js';
import { useSandbox } from './use-sandbox.js';

const sandbox = useSandbox();
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The report the page embeds, read back from the file. */
async function embeddedReport(file: string): Promise<{ kind: string; report: { tree: SizeNode } & Record<string, unknown> }> {
  const html = await readFile(file, 'utf8');
  const match = /<script type="application\/json" id="minify-data">([\s\S]*?)<\/script>/.exec(html);
  if (!match?.[1]) throw new Error('no embedded report');
  return JSON.parse(match[1]);
}

describe('minify analyze --html', () => {
  it('renders node-api as a treemap whose biggest box is /usr, and a click shows its size', async () => {
    const file = join(sandbox.tmp, 'node-api.html');
    const result = await sandbox.spawn(['analyze', 'minify-fixture/node-api:1.0', '--json', '--html', file]);
    expect(result.code, result.stderr).toBe(0);
    const { size } = await stat(file);
    expect(size).toBeLessThan(5 * 1024 * 1024);
    const { report } = await embeddedReport(file);
    // The page is drawn from the very report --json prints (over 64 KiB: the pipe must drain before exit).
    expect(result.stdout.length).toBeGreaterThan(64 * 1024);
    expect(report).toEqual(JSON.parse(result.stdout));
    const biggest = report.tree.children?.[0];
    expect(biggest?.path).toBe('/usr');

    const { page, errors } = await openFile(browser.browser, file);
    const top = page.locator('#treemap rect[data-top="0"]');
    expect(await top.getAttribute('data-path')).toBe('/usr');
    await top.click({ position: { x: 4, y: 4 } });
    expect(await page.textContent('#selected-size')).toBe(formatBytes(biggest!.bytes));
    expect(await page.locator('#layers tr').count()).toBeGreaterThan(3);
    expect(await page.locator('#junk').textContent()).toContain('.git');
    await page.fill('#search', 'node_modules/express');
    expect(await page.locator('#matches li').first().textContent()).toContain('/app/node_modules/express');
    await page.screenshot({ path: join(sandbox.tmp, 'node-api.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('minify run --html', () => {
  it('shows kept and dropped bytes of static-web, probes and timings', async () => {
    const file = join(sandbox.tmp, 'static-web-run.html');
    const result = await sandbox.spawn(['run', 'minify-fixture/static-web:1.0', '--tag', 'minify-e2e/html-run:slim', '--html', file]);
    try {
      expect(result.code, result.stderr).toBe(0);
      const { kind, report } = await embeddedReport(file);
      expect(kind).toBe('run');
      expect(report.tree.keptBytes).toBeGreaterThan(0);
      expect(report.tree.keptBytes).toBeLessThan(report.tree.bytes);

      const { page, errors } = await openFile(browser.browser, file);
      expect(await page.locator('#treemap rect[fill="#2f9e6b"]').count()).toBeGreaterThan(0);
      expect(await page.locator('#treemap rect[fill="#b9c0c8"]').count()).toBeGreaterThan(0);
      expect(await page.locator('#probes').textContent()).toContain('ok');
      expect(await page.locator('#dropped tr').count()).toBeGreaterThan(1);
      // A kept file's box explains why it is kept.
      const kept = page.locator('#treemap rect[data-path="/usr/sbin/nginx"]');
      expect(await kept.count()).toBe(1);
      await kept.click();
      expect(await page.textContent('#details')).toMatch(/reason.*traced/);
      await page.screenshot({ path: join(sandbox.tmp, 'static-web-run.png') });
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      removeTag('minify-e2e/html-run:slim');
    }
  });
});
