// Where a crawled document points (pure): HTML links (a, link, script, img, source, srcset, iframe,
// form method=get, web manifests), CSS url() and @import, sitemap <loc>, robots.txt Sitemap lines and
// a manifest's start_url and icons. Same-host links only, as absolute paths with query; the URLs a
// site lists about itself (sitemap, robots) count as same-host whatever host name they carry.

export type DocumentKind = 'html' | 'css' | 'sitemap' | 'robots' | 'manifest' | 'other';

export function kindOf(path: string, contentType: string): DocumentKind {
  if (/\bhtml\b/.test(contentType)) return 'html';
  if (/\bcss\b/.test(contentType) || path.endsWith('.css')) return 'css';
  if (/manifest\+json/.test(contentType) || /\.webmanifest$|manifest\.json$/.test(path)) return 'manifest';
  if (/\bxml\b/.test(contentType) && /sitemap/i.test(path)) return 'sitemap';
  if (path === '/robots.txt') return 'robots';
  return 'other';
}

export function linksOf(kind: DocumentKind, body: string, path: string, origin: string): string[] {
  const base = new URL(path, origin);
  const raw: Array<{ url: string; anyHost?: boolean }> = [];
  if (kind === 'html') {
    for (const m of body.matchAll(/\b(?:href|src|data-src|poster)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/gi)) raw.push({ url: m[1] ?? m[2] ?? m[3] ?? '' });
    for (const m of body.matchAll(/\b(?:srcset|imagesrcset)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) {
      for (const candidate of (m[1] ?? m[2] ?? '').split(',')) raw.push({ url: candidate.trim().split(/\s+/)[0] ?? '' });
    }
    for (const m of body.matchAll(/<form\b([^>]*)>/gi)) {
      const attrs = m[1] ?? '';
      const method = /\bmethod\s*=\s*["']?(\w+)/i.exec(attrs)?.[1]?.toLowerCase() ?? 'get';
      const action = /\baction\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/i.exec(attrs);
      if (method === 'get') raw.push({ url: action ? (action[1] ?? action[2] ?? action[3] ?? '') : path });
    }
    for (const m of body.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)) raw.push(...cssLinks(m[1] ?? '').map((url) => ({ url })));
    for (const m of body.matchAll(/\bstyle\s*=\s*"([^"]*)"/gi)) raw.push(...cssLinks(m[1] ?? '').map((url) => ({ url })));
  } else if (kind === 'css') {
    raw.push(...cssLinks(body).map((url) => ({ url })));
  } else if (kind === 'sitemap') {
    for (const m of body.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/gi)) raw.push({ url: decodeXml(m[1] ?? ''), anyHost: true });
  } else if (kind === 'robots') {
    for (const m of body.matchAll(/^\s*sitemap:\s*(\S+)/gim)) raw.push({ url: m[1] ?? '', anyHost: true });
  } else if (kind === 'manifest') {
    raw.push(...manifestLinks(body).map((url) => ({ url })));
  }
  const links: string[] = [];
  for (const { url, anyHost } of raw) {
    const link = sameSite(url.trim(), base, anyHost === true);
    if (link && !links.includes(link)) links.push(link);
  }
  return links;
}

function cssLinks(css: string): string[] {
  const urls: string[] = [];
  for (const m of css.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/gi)) urls.push(m[1] ?? m[2] ?? m[3] ?? '');
  for (const m of css.matchAll(/@import\s+(?:"([^"]*)"|'([^']*)')/gi)) urls.push(m[1] ?? m[2] ?? '');
  return urls;
}

function manifestLinks(text: string): string[] {
  try {
    const manifest = JSON.parse(text) as { start_url?: unknown; icons?: unknown; screenshots?: unknown; shortcuts?: unknown };
    const urls: string[] = [];
    if (typeof manifest.start_url === 'string') urls.push(manifest.start_url);
    for (const list of [manifest.icons, manifest.screenshots, manifest.shortcuts]) {
      if (!Array.isArray(list)) continue;
      for (const item of list as Array<{ src?: unknown; url?: unknown }>) {
        if (typeof item?.src === 'string') urls.push(item.src);
        if (typeof item?.url === 'string') urls.push(item.url);
      }
    }
    return urls;
  } catch {
    return [];
  }
}

function sameSite(raw: string, base: URL, anyHost: boolean): string | undefined {
  if (!raw || raw.startsWith('#') || /^(?:mailto|javascript|data|tel|blob):/i.test(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return undefined;
  }
  if (!/^https?:$/.test(url.protocol)) return undefined;
  if (!anyHost && url.origin !== base.origin) return undefined;
  return url.pathname + url.search;
}

function decodeXml(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'");
}
