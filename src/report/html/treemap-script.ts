// The page's treemap: a zoomable squarified map of the report's size tree (d3-hierarchy's layout),
// click to see a box's size and reason, double-click or "zoom in" to descend, search by path.
// Plain browser JavaScript, shipped as text inside the HTML file.
export const TREEMAP_SCRIPT = String.raw`
function startTreemap(ctx) {
  var tree = ctx.tree, kind = ctx.kind, fmt = ctx.formatBytes, layerText = ctx.layerText;
  var svg = document.getElementById('treemap');
  var details = document.getElementById('details');
  var crumbs = document.getElementById('crumbs');
  var colourBy = document.getElementById('colour-by');
  var search = document.getElementById('search');
  var matchList = document.getElementById('matches');
  var NS = 'http://www.w3.org/2000/svg';
  var parents = new Map();
  (function link(node, parent) {
    parents.set(node, parent);
    (node.children || []).forEach(function (child) { link(child, node); });
  })(tree, null);
  var focus = tree, selected = tree, query = '';

  function hue(text) {
    var h = 0;
    for (var i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
    return h % 360;
  }
  function colour(node) {
    var mode = colourBy ? colourBy.value : 'layer';
    if (mode === 'layer') return node.layer === undefined ? '#ccc' : 'hsl(' + ((node.layer * 67) % 360) + ',55%,62%)';
    if (mode === 'component') return node.component ? 'hsl(' + hue(node.component) + ',50%,60%)' : '#c8cdd3';
    var share = node.bytes > 0 ? (node.keptBytes || 0) / node.bytes : 0;
    return share >= 0.999 ? '#2f9e6b' : share <= 0.001 ? '#b9c0c8' : 'hsl(150,' + Math.round(20 + 40 * share) + '%,' + Math.round(70 - 25 * share) + '%)';
  }
  function pathTo(node) {
    var out = [];
    for (var n = node; n; n = parents.get(n)) out.unshift(n);
    return out;
  }
  function row(label, value) {
    var dt = document.createElement('dt'); dt.textContent = label;
    var dd = document.createElement('dd'); dd.textContent = value;
    return [dt, dd];
  }
  function showDetails(node) {
    selected = node;
    details.textContent = '';
    var title = document.createElement('div'); title.className = 'path'; title.textContent = node.folded ? node.path + ' (' + node.name + ')' : node.path;
    var size = document.createElement('div'); size.className = 'size'; size.id = 'selected-size'; size.textContent = fmt(node.bytes);
    details.append(title, size);
    var dl = document.createElement('dl');
    dl.append.apply(dl, row('files', String(node.files)));
    if (kind === 'analyze' && node.layer !== undefined) dl.append.apply(dl, row('most bytes from layer', layerText(node.layer)));
    if (node.keptBytes !== undefined) {
      dl.append.apply(dl, row('kept in the slim image', fmt(node.keptBytes) + ' of ' + fmt(node.bytes)));
      if (node.component) dl.append.apply(dl, row('component (most kept bytes)', node.component));
      if (!node.children) dl.append.apply(dl, row('reason', node.reason || (node.keptBytes > 0 ? 'kept' : 'dropped: nothing used it')));
    }
    details.append(dl);
    if (node.children && node !== focus) {
      var zoom = document.createElement('button'); zoom.id = 'zoom-in'; zoom.textContent = 'Zoom in';
      zoom.onclick = function () { zoomTo(node); };
      details.append(zoom);
    }
    draw();
  }
  function zoomTo(node) {
    focus = node.children ? node : parents.get(node) || tree;
    showDetails(node);
  }
  function drawCrumbs() {
    crumbs.textContent = '';
    pathTo(focus).forEach(function (node, i) {
      if (i > 0) crumbs.append(' / ');
      var a = document.createElement('a'); a.textContent = i === 0 ? '/' : node.name;
      a.onclick = function () { zoomTo(node); };
      crumbs.append(a);
    });
  }
  function draw() {
    var box = svg.getBoundingClientRect();
    var width = Math.max(200, Math.round(box.width)), height = Math.max(200, Math.round(box.height));
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    svg.textContent = '';
    var root = d3.hierarchy(focus, function (d) { return d.children; })
      .sum(function (d) { return d.children ? 0 : d.bytes; })
      .sort(function (a, b) { return b.value - a.value; });
    d3.treemap().tile(d3.treemapSquarify).size([width, height]).paddingTop(function (d) { return d.depth < 3 && d.y1 - d.y0 > 40 ? 15 : 2; }).paddingInner(1).round(true)(root);
    var q = query.toLowerCase();
    root.descendants().forEach(function (d) {
      if (d.depth === 0 || d.depth > 3) return;
      var w = d.x1 - d.x0, h = d.y1 - d.y0;
      if (w < 2 || h < 2) return;
      var rect = document.createElementNS(NS, 'rect');
      rect.setAttribute('x', d.x0); rect.setAttribute('y', d.y0); rect.setAttribute('width', w); rect.setAttribute('height', h);
      rect.setAttribute('fill', colour(d.data));
      rect.setAttribute('data-path', d.data.path);
      if (d.depth === 1) rect.setAttribute('data-top', String(root.children.indexOf(d)));
      var cls = [];
      if (d.data === selected) cls.push('sel');
      if (q && d.data.path.toLowerCase().indexOf(q) >= 0) cls.push('hit');
      rect.setAttribute('class', cls.join(' '));
      var tip = document.createElementNS(NS, 'title'); tip.textContent = d.data.path + '  ' + fmt(d.data.bytes);
      rect.append(tip);
      rect.addEventListener('click', function (event) { event.stopPropagation(); showDetails(d.data); });
      rect.addEventListener('dblclick', function (event) { event.stopPropagation(); zoomTo(d.data); });
      svg.append(rect);
      if (w > 50 && h > 14 && (d.depth <= 2 || !d.children)) {
        var label = document.createElementNS(NS, 'text');
        label.setAttribute('x', d.x0 + 3); label.setAttribute('y', d.y0 + 12);
        var text = d.data.name + ' ' + fmt(d.data.bytes);
        label.textContent = text.length * 6 > w ? text.slice(0, Math.max(1, Math.floor(w / 6) - 1)) + '…' : text;
        svg.append(label);
      }
    });
    drawCrumbs();
  }
  function runSearch() {
    query = search.value.trim();
    matchList.textContent = '';
    if (query) {
      var q = query.toLowerCase(), hits = [];
      (function walk(node) {
        if (hits.length >= 50) return;
        if (node !== tree && !node.folded && node.path.toLowerCase().indexOf(q) >= 0) hits.push(node);
        (node.children || []).forEach(walk);
      })(tree);
      hits.forEach(function (node) {
        var li = document.createElement('li'); li.textContent = node.path + '  ' + fmt(node.bytes);
        li.onclick = function () { zoomTo(node); };
        matchList.append(li);
      });
      if (hits.length === 0) matchList.textContent = 'no path matches';
    }
    draw();
  }
  search.addEventListener('input', runSearch);
  if (colourBy) colourBy.addEventListener('change', draw);
  window.addEventListener('resize', draw);
  showDetails(tree);
}
`;
