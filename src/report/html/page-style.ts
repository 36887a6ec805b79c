// The report page's stylesheet, inlined so the file opens from disk with no network.
export const PAGE_STYLE = `
:root { --fg: #1d232a; --muted: #5b6570; --line: #d8dde3; --bg: #f6f7f9; --kept: #2f9e6b; --dropped: #b9c0c8; --accent: #2563eb; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 16px 24px 8px; }
header h1 { margin: 0 0 4px; font-size: 20px; }
header .sub { color: var(--muted); }
main { padding: 0 24px 32px; display: grid; gap: 16px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
section h2 { margin: 0 0 8px; font-size: 15px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; min-width: 140px; }
.card .v { font-size: 18px; font-weight: 600; }
.card .k { color: var(--muted); font-size: 12px; }
.toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin-bottom: 8px; }
.toolbar input { flex: 1; min-width: 200px; padding: 5px 8px; border: 1px solid var(--line); border-radius: 6px; }
.toolbar button, .toolbar select, #details button { padding: 4px 10px; border: 1px solid var(--line); border-radius: 6px; background: #fff; cursor: pointer; }
#crumbs a { color: var(--accent); cursor: pointer; text-decoration: none; }
#crumbs a:hover { text-decoration: underline; }
.map-wrap { display: grid; grid-template-columns: minmax(0, 1fr) 300px; gap: 12px; }
#treemap { width: 100%; height: 520px; display: block; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
#treemap rect { stroke: #fff; stroke-width: 1; cursor: pointer; }
#treemap rect.sel { stroke: #111; stroke-width: 2.5; }
#treemap rect.hit { stroke: #e11d48; stroke-width: 2.5; }
#treemap text { font-size: 11px; pointer-events: none; fill: #111; }
#details { border-left: 1px solid var(--line); padding-left: 12px; word-break: break-all; }
#details .size { font-size: 20px; font-weight: 600; }
#details dt { color: var(--muted); font-size: 12px; margin-top: 6px; }
#details dd { margin: 0; }
#matches { max-height: 180px; overflow: auto; margin: 0; padding-left: 18px; }
#matches li { cursor: pointer; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 8px 3px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
td.n, th.n { text-align: right; white-space: nowrap; }
.barcell { width: 180px; }
.bar { height: 10px; background: var(--accent); border-radius: 3px; min-width: 1px; }
.bar.waste { background: #e8590c; }
.ok { color: var(--kept); font-weight: 600; }
.bad { color: #c92a2a; font-weight: 600; }
.legend span { display: inline-block; margin-right: 12px; }
.legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; border-radius: 2px; vertical-align: -1px; }
code { font-size: 12px; }
`;
