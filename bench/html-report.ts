// Benchmark: size of `minify analyze --html` for an image and how long Chromium takes to draw it
// (`npx tsx bench/html-report.ts [image]`). Compared with the JSON report of the same run.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { launchBrowser, openFile } from '../test/helpers/browser.js';

const image = process.argv[2] ?? 'minify-fixture/node-api:1.0';
const dir = await mkdtemp(join(tmpdir(), 'minify-bench-html-'));
const browser = await launchBrowser();
try {
  const html = join(dir, 'report.html');
  const started = performance.now();
  const { stdout } = await execa('npx', ['tsx', 'src/cli/main.ts', 'analyze', image, '--json', '--html', html], { env: { CI: '1' } });
  const analyzeSec = (performance.now() - started) / 1000;
  const { size } = await stat(html);
  const report = JSON.parse(stdout) as { fileCount: number };
  const loads: number[] = [];
  for (let i = 0; i < 3; i++) {
    const { page, errors, loadMs } = await openFile(browser.browser, html);
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    loads.push(loadMs);
    await page.close();
  }
  console.log(`image ${image}: ${report.fileCount} files, analyze --json --html ${analyzeSec.toFixed(1)} s`);
  console.log(`html ${(size / 1e6).toFixed(2)} MB (JSON on stdout ${(stdout.length / 1e6).toFixed(2)} MB); goal < 5 MB`);
  console.log(`load + first draw in Chromium: ${loads.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ')}; goal < 2 s`);
} finally {
  await browser.close();
  await rm(dir, { recursive: true, force: true });
}
