// One self-contained HTML page for an analyze or run report: the JSON report itself is embedded and
// the page draws everything from it, so page and `--json` never disagree. No network: CSS, the
// d3-hierarchy layout code and the page's script are inlined.
import { PAGE_STYLE } from './page-style.js';
import { PANELS_SCRIPT } from './panels-script.js';
import { TREEMAP_SCRIPT } from './treemap-script.js';

export interface HtmlReportInput {
  readonly kind: 'analyze' | 'run';
  /** Shown as the page title, e.g. `minify analyze app:1.4`. */
  readonly title: string;
  /** The JSON report, exactly as `--json` prints it; must carry `tree` (report/size-tree.ts). */
  readonly report: unknown;
  /** d3-hierarchy's browser bundle (UMD), read by the caller. */
  readonly d3Source: string;
}

/** The same rounding as src/format.ts formatBytes; a unit test holds the two together. */
export const CLIENT_FORMAT_BYTES = String.raw`
function formatBytes(bytes) {
  var UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];
  var value = Math.abs(bytes), unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) { value /= 1000; unit++; }
  var sign = bytes < 0 ? '-' : '';
  if (unit === 0) return sign + value + ' B';
  return sign + value.toFixed(value >= 100 ? 0 : 1).replace(/\.0$/, '') + ' ' + UNITS[unit];
}
`;

const MAIN_SCRIPT = String.raw`
(function () {
  var data = JSON.parse(document.getElementById('minify-data').textContent);
  var report = data.report;
  var panels = data.kind === 'analyze' ? analyzePanels(report, formatBytes) : runPanels(report, formatBytes);
  var main = document.querySelector('main');
  main.prepend(panels[0]);
  panels.slice(1).forEach(function (p) { main.append(p); });
  var layers = report.layers || [];
  startTreemap({
    tree: report.tree, kind: data.kind, formatBytes: formatBytes,
    layerText: function (index) {
      var layer = layers.filter(function (l) { return l.index === index; })[0];
      return '#' + index + (layer && layer.instruction ? ' ' + layer.instruction : '');
    },
  });
})();
`;

/** JSON inside a script element: `<` escaped so no string in the report can close the element. */
function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A script's text must not contain `</script`; library code is split at any such sequence. */
function safeScript(source: string): string {
  return source.replace(/<\/script/gi, '<\\/script');
}

export function renderHtmlReport(input: HtmlReportInput): string {
  const colourOptions = input.kind === 'run'
    ? '<option value="kept">kept / dropped</option><option value="component">component</option><option value="layer">layer</option>'
    : '<option value="layer">layer</option>';
  const legend = input.kind === 'run'
    ? '<span><i style="background:#2f9e6b"></i>kept</span><span><i style="background:#b9c0c8"></i>dropped</span><span>area = bytes in the source image</span>'
    : '<span>colour = the layer that added most of the bytes</span><span>area = bytes</span>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(input.title)}</h1><div class="sub">made by minify; this file needs no network</div></header>
<main>
<section id="map">
  <h2>Where the bytes are</h2>
  <div class="toolbar">
    <input id="search" type="search" placeholder="search by path, e.g. node_modules or .so" aria-label="search by path">
    <label>colour <select id="colour-by">${colourOptions}</select></label>
    <span id="crumbs"></span>
  </div>
  <div class="legend">${legend}</div>
  <div class="map-wrap"><svg id="treemap" role="img" aria-label="treemap of the image by directory"></svg><div id="details"></div></div>
  <ol id="matches"></ol>
</section>
</main>
<script type="application/json" id="minify-data">${embedJson({ kind: input.kind, report: input.report })}</script>
<script>${safeScript(input.d3Source)}</script>
<script>${CLIENT_FORMAT_BYTES}${PANELS_SCRIPT}${TREEMAP_SCRIPT}${MAIN_SCRIPT}</script>
</body>
</html>
`;
}
