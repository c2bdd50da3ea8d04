/**
 * The HTML report's style sheet, inlined in the page (the CSP allows inline style only). Light and
 * dark colours follow the reader's preference; no font or image is loaded.
 */
export const HTML_STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --line: #d1d9e0; --head: #f6f8fa;
  --ok: #1a7f37; --ok-bg: #dafbe1; --bad: #cf222e; --bad-bg: #ffebe9; --warn: #9a6700; --warn-bg: #fff8c5;
  --add-bg: #e6ffec; --del-bg: #ffebe9; --hunk-bg: #ddf4ff; --changed-bg: #fff8c5; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; --head: #151b23;
  --ok: #3fb950; --ok-bg: #12261e; --bad: #f85149; --bad-bg: #25171c; --warn: #d29922; --warn-bg: #272115;
  --add-bg: #12261e; --del-bg: #25171c; --hunk-bg: #121d2f; --changed-bg: #3b2e0a; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1400px; padding: 0 1.5rem 2rem; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
code { overflow-wrap: anywhere; }
pre { margin: 0; }
pre.wrap { white-space: pre-wrap; overflow-wrap: anywhere; }
h1 { margin: 0 0 .3rem; font-size: 1.6rem; }
h2 { margin: 1.8rem 0 .6rem; font-size: 1.2rem; border-bottom: 1px solid var(--line); padding-bottom: .3rem; }
a { color: inherit; }
.banner { margin: 1rem 0; padding: 1rem 1.25rem; border-radius: 8px; border-left: 6px solid; }
.banner p { margin: .2rem 0; }
.banner.ok { border-color: var(--ok); background: var(--ok-bg); }
.banner.bad { border-color: var(--bad); background: var(--bad-bg); }
.muted { color: var(--muted); }
.note { color: var(--warn); }
.badge { display: inline-block; padding: 0 .5em; border-radius: 1em; font-size: 12px; font-weight: 600; border: 1px solid; }
.badge.ok { color: var(--ok); background: var(--ok-bg); }
.badge.bad { color: var(--bad); background: var(--bad-bg); }
.badge.warn { color: var(--warn); background: var(--warn-bg); }
table.grid { border-collapse: collapse; width: 100%; margin: .5rem 0; }
table.grid th, table.grid td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
table.grid thead th { background: var(--head); }
table.grid tr.chosen th, table.grid tr.chosen td { font-weight: 600; }
table.sides td { width: 42%; }
td.num { text-align: right; }
table.causes { table-layout: fixed; }
table.causes th:nth-child(1) { width: 6.5em; } table.causes th:nth-child(2) { width: 17%; } table.causes th:nth-child(3) { width: 8.5em; }
table.causes th:nth-child(4) { width: 4em; } table.causes th:nth-child(5) { width: 30%; }
table.causes .clamp1 { display: block; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
table.causes .clamp2 { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; overflow-wrap: anywhere; }
table.files { table-layout: fixed; }
table.files col.c0 { width: 26%; } table.files col.c1 { width: 7%; } table.files col.c2 { width: 9%; }
table.files col.c3, table.files col.c4 { width: 22%; } table.files col.c5 { width: 14%; }
table.config { table-layout: fixed; }
table.config th:first-child { width: 22%; } table.config th:last-child { width: 14%; }
table.files tr.added td.path { border-left: 4px solid var(--ok); }
table.files tr.group th { background: var(--head); font-weight: 600; }
table.files tr.removed td.path { border-left: 4px solid var(--bad); }
.detail { color: var(--muted); margin-top: .2rem; overflow-wrap: anywhere; }
dl.entry { display: grid; grid-template-columns: max-content 1fr; gap: 0 .6rem; margin: 0; font-size: 12.5px; }
dl.entry dt { color: var(--muted); }
dl.entry dd { margin: 0; overflow-wrap: break-word; min-width: 0; }
dl.entry dd.changed { background: var(--changed-bg); box-shadow: inset 3px 0 var(--warn); padding-left: 5px; }
details.layer { border: 1px solid var(--line); border-radius: 6px; margin: .6rem 0; padding: 0 .8rem; }
details.layer[open] { padding-bottom: .6rem; }
details.layer > summary { cursor: pointer; padding: .5rem 0; font-weight: 600; }
.idx { display: inline-block; min-width: 2.2em; color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .8rem; margin: .4rem 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
ul.causes { margin: .4rem 0; padding-left: 1.2rem; }
div.diff { margin: .8rem 0; }
.diff-title { font-weight: 600; margin-bottom: .2rem; }
table.diff { border-collapse: collapse; width: 100%; table-layout: fixed; border: 1px solid var(--line); font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
table.diff col.n { width: 3.5em; }
table.diff td { padding: 0 .4rem; white-space: pre-wrap; overflow-wrap: anywhere; vertical-align: top; }
table.diff td.n { color: var(--muted); text-align: right; user-select: none; border-right: 1px solid var(--line); }
table.diff td.n:nth-child(3) { border-left: 1px solid var(--line); }
table.diff td.del { background: var(--del-bg); }
table.diff td.add { background: var(--add-bg); }
table.diff tr.hunk td { background: var(--hunk-bg); color: var(--muted); }
table.diff tr.meta td { color: var(--muted); }
footer { margin-top: 2rem; color: var(--muted); font-size: 12px; }
`;
