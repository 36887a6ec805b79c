// The page's tables and bars, drawn from the same JSON report `--json` prints: summary cards, layers,
// junk and wasted bytes (analyze); sizes, components, dropped dirs, probes, misses and timings (run).
// Plain browser JavaScript, shipped as text inside the HTML file.
export const PANELS_SCRIPT = String.raw`
function el(tag, attrs, children) {
  var node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
  (children || []).forEach(function (child) { node.append(child instanceof Node ? child : String(child)); });
  return node;
}
function card(label, value, cls) {
  return el('div', { class: 'card' }, [el('div', { class: 'v' + (cls ? ' ' + cls : '') }, [value]), el('div', { class: 'k' }, [label])]);
}
function table(headers, rows, numeric) {
  var head = el('tr', {}, headers.map(function (h, i) { return el('th', numeric[i] ? { class: 'n' } : {}, [h]); }));
  var body = rows.map(function (r) { return el('tr', {}, r.map(function (c, i) { return el('td', numeric[i] ? { class: 'n' } : {}, [c]); })); });
  return el('table', {}, [head].concat(body));
}
function bar(share, cls) {
  var fill = el('div', { class: 'bar' + (cls ? ' ' + cls : ''), style: 'width:' + Math.max(0.3, Math.min(100, share * 100)).toFixed(2) + '%' });
  return el('div', { class: 'barcell' }, [fill]);
}
function section(id, title, children) {
  return el('section', { id: id }, [el('h2', {}, [title])].concat(children));
}
function pct(ratio) { return (ratio * 100).toFixed(1) + ' %'; }

function analyzePanels(report, fmt) {
  var out = [];
  out.push(el('div', { class: 'cards', id: 'cards' }, [
    card('image size (all layers)', fmt(report.totalSize)),
    card('final files', fmt(report.finalSize) + ' in ' + report.fileCount),
    card('efficiency (dive)', pct(report.efficiency), report.efficiency >= 0.95 ? 'ok' : 'bad'),
    card('wasted (in 2+ layers)', fmt(report.wastedBytes)),
    card('deleted later, still shipped', fmt(report.deletedBytes)),
    card('junk', fmt(report.junkBytes)),
  ]));
  var biggest = Math.max.apply(null, report.layers.map(function (l) { return l.size; }).concat([1]));
  out.push(section('layers', 'Layers', [table(['#', 'size', '', 'instruction', 'added / changed / removed'], report.layers.map(function (l) {
    return [String(l.index), fmt(l.size), bar(l.size / biggest), l.instruction || '(no history)', l.added + ' / ' + l.changed + ' / ' + l.removed];
  }), [true, true, false, false, true])]));
  out.push(section('wasted', 'Wasted and deleted-but-shipped bytes', [
    table(['path', 'layers', 'bytes'], report.inefficiencies.map(function (i) { return [i.path, String(i.count), fmt(i.bytes)]; }), [false, true, true]),
    table(['deleted path', 'layer', 'bytes'], report.deleted.map(function (d) { return [d.path, String(d.layerIndex), fmt(d.bytes)]; }), [false, true, true]),
  ]));
  out.push(section('junk', 'Junk and how to drop it', [report.junk.length === 0 ? 'nothing found' :
    table(['kind', 'path', 'bytes', 'files', 'fix'], report.junk.map(function (j) { return [j.kind, j.path, fmt(j.bytes), String(j.files), j.suggestion]; }), [false, false, true, true, false])]));
  return out;
}

/** Biggest subtrees the slim image dropped entirely, from the size tree itself. */
function droppedDirs(tree, count) {
  var found = [];
  (function walk(node, depth) {
    if (node.keptBytes === 0 && node.bytes > 0 && node !== tree) { found.push(node); return; }
    if (depth < 6) (node.children || []).forEach(function (child) { walk(child, depth + 1); });
  })(tree, 0);
  return found.sort(function (a, b) { return b.bytes - a.bytes; }).slice(0, count);
}

function runPanels(report, fmt) {
  var out = [];
  var slim = report.slim;
  var verified = report.verified;
  out.push(el('div', { class: 'cards', id: 'cards' }, [
    card('source ' + report.source.ref, fmt(report.source.bytes)),
    card(slim ? 'slim ' + slim.ref : 'slim', slim ? fmt(slim.bytes) : '—'),
    card('smaller', report.ratio ? report.ratio.toFixed(1) + 'x' : '—'),
    card('verify', verified, verified === 'passed' ? 'ok' : verified === 'failed' ? 'bad' : ''),
    card('files kept / dropped', report.files.kept + ' / ' + report.files.dropped),
    card('used by the app (traced)', fmt(report.tracedFileBytes)),
  ]));
  var components = report.components || [];
  if (components.length > 0) {
    out.push(section('components', 'Components kept (' + components.length + ')', [table(['component', 'bytes', 'files', 'why live'],
      components.slice(0, 60).map(function (c) { return [c.id, fmt(c.bytes), String(c.files), c.why]; }), [false, true, true, false])]));
  }
  if (report.tree) {
    out.push(section('dropped', 'Biggest dropped', [table(['path', 'bytes', 'files'],
      droppedDirs(report.tree, 15).map(function (n) { return [n.folded ? n.path + ' (' + n.name + ')' : n.path, fmt(n.bytes), String(n.files)]; }), [false, true, true])]));
  }
  var probes = [];
  ['trace', 'verify'].forEach(function (phase) {
    (report.probes[phase] || []).forEach(function (p) {
      probes.push([phase, p.name, el('span', { class: p.ok ? 'ok' : 'bad' }, [p.ok ? 'ok' : 'FAIL']), (p.durationMs / 1000).toFixed(1) + ' s', p.error || '']);
    });
  });
  out.push(section('probes', 'Probes', [table(['phase', 'probe', 'result', 'time', 'error'], probes, [false, false, false, true, false])]));
  var misses = report.misses || [];
  var repairs = report.repairs || [];
  if (misses.length > 0 || repairs.length > 0) {
    out.push(section('misses', 'Misses and repairs', [
      table(['missing path', 'probe', 'phase'], misses.map(function (m) { return [m.path, m.probe || '', m.phase || '']; }), [false, false, false]),
      el('pre', {}, [JSON.stringify(repairs, null, 2)]),
    ]));
  }
  var total = report.timings.reduce(function (s, t) { return s + t.seconds; }, 0) || 1;
  out.push(section('timings', 'Phase timings', [table(['phase', 'seconds', ''], report.timings.map(function (t) {
    return [t.phase, t.seconds.toFixed(1), bar(t.seconds / total)];
  }), [false, true, false])]));
  return out;
}
`;
