// Building the report's HTML as text: escaping, and the page around the
// sections with its own stylesheet (no external file, no script, no font).

export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

export function table(headers: string[], rows: string[][], options: { numeric?: boolean[]; testid?: string } = {}): string {
  const cls = (i: number) => (options.numeric?.[i] ? ' class="num"' : '');
  return `<table${options.testid ? ` data-section="${options.testid}"` : ''}><thead><tr>${headers.map((h, i) => `<th${cls(i)}>${h}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell, i) => `<td${cls(i)}>${cell}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

export function section(id: string, title: string, body: string): string {
  return `<section id="${id}"><h2>${escapeHtml(title)}</h2>${body}</section>`;
}

const STYLE = `
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --line: #d8dde6; --accent: #2f6fb3; --good: #2e7d32; --bad: #c62828; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
.muted { color: var(--muted); } .good { color: var(--good); } .bad { color: var(--bad); }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f3f5f9; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.figures { display: flex; flex-wrap: wrap; gap: 16px; }
.samples { display: grid; grid-template-columns: repeat(auto-fill, minmax(112px, 1fr)); gap: 8px; }
.samples figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 6px; font-size: 11px; text-align: center; break-inside: avoid; }
img.pixelated { image-rendering: pixelated; }
.confusion td { text-align: center; min-width: 34px; font-variant-numeric: tabular-nums; }
.filmstrip { display: flex; flex-wrap: wrap; gap: 10px; } .filmstrip figure { margin: 0; text-align: center; font-size: 11px; }
.verdict { font-size: 16px; padding: 8px 12px; border-left: 4px solid var(--accent); background: #f3f7fc; }
.summary-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 8px 16px; margin: 12px 0; }
.summary-grid div { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; } .summary-grid b { display: block; font-size: 18px; }
nav ol { columns: 2; font-size: 13px; }
section { break-inside: auto; } h2 { break-after: avoid; } svg { break-inside: avoid; }
@media print { body { padding: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
`;

export function page(title: string, contents: { id: string; title: string }[], body: string): string {
  const toc = `<nav><ol>${contents.map((c) => `<li><a href="#${c.id}">${escapeHtml(c.title)}</a></li>`).join('')}</ol></nav>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body.replace('<!--contents-->', toc)}
</body>
</html>
`;
}
