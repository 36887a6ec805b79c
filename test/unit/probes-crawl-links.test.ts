// Where crawled documents point: HTML (links, srcset, forms, inline CSS), CSS, sitemaps, robots.txt
// and web manifests; same-host links only, except the URLs a site lists about itself.
import { describe, expect, it } from 'vitest';
import { kindOf, linksOf } from '../../src/probes/crawl-links.js';

const ORIGIN = 'http://127.0.0.1:8080/';

describe('linksOf', () => {
  it('keeps same-host href/src links as paths and drops the rest', () => {
    const html = `<a href="/a">x</a><img src='img/b.png'><a href=c?q=1>c</a>
      <a href="http://127.0.0.1:8080/d">d</a><a href="https://other.example/e">e</a>
      <a href="#top">t</a><a href="mailto:x@y">m</a>`;
    expect(linksOf('html', html, '/docs/index.html', ORIGIN)).toEqual(['/a', '/docs/img/b.png', '/docs/c?q=1', '/d']);
  });

  it('reads srcset, source, script, link rel=manifest, forms with method get and inline CSS', () => {
    const html = `<picture><source srcset="/img/a.webp 1x, /img/a@2x.webp 2x"><img src="/img/a.png" srcset="/img/a-small.png 480w"></picture>
      <script src="/js/app.js"></script><link rel="manifest" href="/site.webmanifest">
      <form action="/search" method="GET"><input name=q></form><form action="/login" method="post"></form><form></form>
      <style>@import "/css/print.css"; body { background: url('/img/bg.jpg') }</style><div style="background:url(/img/d.png)"></div>`;
    expect(linksOf('html', html, '/page.html', ORIGIN).sort()).toEqual([
      '/css/print.css', '/img/a-small.png', '/img/a.png', '/img/a.webp', '/img/a@2x.webp', '/img/bg.jpg', '/img/d.png',
      '/js/app.js', '/page.html', '/search', '/site.webmanifest',
    ]);
  });

  it('reads CSS url() and @import relative to the stylesheet', () => {
    expect(linksOf('css', `@import 'base.css'; .a { background: url("../img/x.png") } .b { src: url(font.woff2) } .c { background: url(data:image/png;base64,AA) }`, '/css/site.css', ORIGIN))
      .toEqual(['/img/x.png', '/css/font.woff2', '/css/base.css']);
  });

  it('takes sitemap and robots URLs whatever host they name, and a manifest start_url and icons', () => {
    const sitemap = '<urlset><url><loc>http://localhost/</loc></url><url><loc> https://www.example.org/offers/spring.html?a=1&amp;b=2 </loc></url></urlset>';
    expect(linksOf('sitemap', sitemap, '/sitemap.xml', ORIGIN)).toEqual(['/', '/offers/spring.html?a=1&b=2']);
    expect(linksOf('robots', 'User-agent: *\nDisallow: /x\nSitemap: http://localhost/sitemap-2.xml\n', '/robots.txt', ORIGIN)).toEqual(['/sitemap-2.xml']);
    expect(linksOf('manifest', '{"start_url":"/app/","icons":[{"src":"/img/i.png"}],"shortcuts":[{"url":"/new"}]}', '/site.webmanifest', ORIGIN))
      .toEqual(['/app/', '/img/i.png', '/new']);
    expect(linksOf('manifest', 'not json', '/site.webmanifest', ORIGIN)).toEqual([]);
  });
});

describe('kindOf', () => {
  it('tells documents apart by content type and path', () => {
    expect(kindOf('/', 'text/html; charset=utf-8')).toBe('html');
    expect(kindOf('/css/a.css', 'text/css')).toBe('css');
    expect(kindOf('/site.webmanifest', 'application/octet-stream')).toBe('manifest');
    expect(kindOf('/sitemap.xml', 'text/xml')).toBe('sitemap');
    expect(kindOf('/robots.txt', 'text/plain')).toBe('robots');
    expect(kindOf('/img/a.png', 'image/png')).toBe('other');
  });
});
