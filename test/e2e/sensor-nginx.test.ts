// The sensor on static-web: nginx's master forks workers that drop to www-data; their file serving is traced.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { hasEvent, httpGet, startSensor } from './sensor-harness.js';

describe('sensor on minify-fixture/static-web', () => {
  it('traces worker processes that changed user, and stops on the image StopSignal', async () => {
    const web = await startSensor({
      image: 'minify-fixture/static-web:1.0',
      mode: 'both',
      caps: ['SYS_ADMIN', 'SYS_PTRACE'],
      cmd: ['nginx', '-g', 'daemon off;'],
      publish: [80],
    });
    try {
      const port = await web.hostPort(80);
      let page = { status: 0, body: '' };
      for (let i = 0; i < 100 && page.status !== 200; i++) {
        page = await httpGet(port, '/about.html').catch(() => page);
        if (page.status !== 200) await sleep(200);
      }
      expect(page.status).toBe(200);
      const report = await web.snapshot();
      expect(report.events.some((e) => e.path === '/var/www/html/about.html' && e.op === 'open' && e.result === 0 && e.comm === 'nginx')).toBe(true);
      expect(hasEvent(report, { path: '/var/www/html/about.html', op: 'fanotify-open' })).toBe(true);
      expect(report.events.some((e) => e.path === '/var/www/html/contact.html')).toBe(false);
      expect(hasEvent(report, { path: '/etc/nginx/nginx.conf', op: 'open', result: 0 })).toBe(true);
      await web.kill('QUIT');
      expect(await web.wait()).toBe(0);
      expect((await web.report()).appExit).toEqual({ code: 0 });
    } finally {
      await web.remove();
    }
  });
});
