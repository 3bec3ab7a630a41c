// The pinning and topology picture as HTML, from the data the server
// computes (libvirtXml/topologyPicture): the host grid by NUMA cell, socket,
// core and thread with vCPUs, emulator and IOThreads drawn on the CPUs they
// may run on, the guest beside it, affinity strings, and the problems. No
// vscode import: a pure function, tested without an editor. Colours come only
// from VS Code's theme variables, so light, dark and high-contrast themes work.

import type { PictureCpu, TopologyPicture, TopologyPictureResult } from '../../server/src/protocol';

/** Text safe in HTML content and attribute values. */
export function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Chips shown per CPU at most; the rest is counted. */
const maxChips = 6;

function cpuCell(c: PictureCpu): string {
  const chips: string[] = c.vcpus.slice(0, maxChips).map((v) => `<span class="chip vcpu" title="vCPU ${v}">v${v}</span>`);
  if (c.vcpus.length > maxChips) chips.push(`<span class="chip more" title="vCPUs ${esc(c.vcpus.join(', '))}">+${c.vcpus.length - maxChips}</span>`);
  if (c.emulator) chips.push('<span class="chip emu" title="emulator">emu</span>');
  for (const id of c.iothreads.slice(0, 3)) chips.push(`<span class="chip io" title="IOThread ${id}">io${id}</span>`);
  if (c.iothreads.length > 3) chips.push(`<span class="chip more">+${c.iothreads.length - 3} io</span>`);
  const cls = ['cpu', c.conflict ? 'conflict' : '', c.vcpus.length || c.emulator || c.iothreads.length ? 'used' : 'free'].filter(Boolean).join(' ');
  const label = `CPU ${c.id}${c.conflict ? ' (conflict)' : ''}`;
  return `<div class="${cls}" data-cpu="${c.id}" title="${esc(label)}"><span class="id">${c.id}</span>${chips.join('')}</div>`;
}

/** The picture's body (what the webview's script swaps in on each update). */
export function renderPictureBody(result: TopologyPictureResult): string {
  const hosts = result.hosts.length > 1
    ? `<label class="hostpick">Host <select id="host">${result.hosts.map((h) => `<option value="${esc(h)}"${h === result.host ? ' selected' : ''}>${esc(h)}</option>`).join('')}</select></label>`
    : '';
  const pic = result.picture;
  if (!pic) return `<header>${hosts}</header><p class="message" id="message">${esc(result.message ?? 'Nothing to show.')}</p>`;
  return `<header>${hosts}<h1>Host <span id="host-name">${esc(pic.host)}</span></h1><p class="summary">${esc(pic.summary)}</p></header>
${problems(pic)}
<div class="layout">
<section class="host" aria-label="host CPUs">${pic.nodes
    .map(
      (n) => `<section class="node" data-node="${n.id}"><h2>NUMA cell ${n.id}${n.memory ? ` · ${esc(n.memory)}` : ''}${n.distances ? ` · distances ${esc(n.distances)}` : ''}</h2>${n.sockets
        .map((s) => `<div class="socket"><h3>${esc(s.label)}</h3><div class="cores">${s.cores.map((c) => `<div class="core"><div class="core-label">${esc(c.label)}</div><div class="threads">${c.threads.map(cpuCell).join('')}</div></div>`).join('')}</div></div>`)
        .join('')}</section>`,
    )
    .join('')}</section>
${guest(pic)}
</div>
${tasks(pic)}`;
}

function problems(pic: TopologyPicture): string {
  if (!pic.problems.length) return '<p class="ok" id="problems">No pinning problems on this host.</p>';
  return `<ul class="problems" id="problems">${pic.problems
    .map((p) => `<li class="problem ${esc(p.severity)}" data-start="${p.start}" data-end="${p.end}" tabindex="0"><span class="code">${esc(p.code)}</span>${p.line ? ` <span class="line">line ${p.line}</span>` : ''}: ${esc(p.message)}</li>`)
    .join('')}</ul>`;
}

function guest(pic: TopologyPicture): string {
  const g = pic.guest;
  const cells = g.cells.length
    ? `<table class="cells"><thead><tr><th>cell</th><th>vCPUs</th><th>memory</th><th>host cells</th></tr></thead><tbody>${g.cells
        .map((c) => `<tr><td>${c.id}</td><td>${esc(c.vcpus)}</td><td>${esc(c.memory)}</td><td>${c.memnode !== undefined ? esc(c.memnode) : '—'}</td></tr>`)
        .join('')}</tbody></table>`
    : '<p>No guest NUMA cells.</p>';
  return `<section class="guest" aria-label="guest"><h2>Guest</h2><p><span id="guest-vcpus">${g.vcpus}</span> vCPUs · ${esc(g.topology)}</p>${g.memory ? `<p>Memory ${esc(g.memory)}</p>` : ''}${cells}${g.notes.map((n) => `<p class="note">${esc(n)}</p>`).join('')}</section>`;
}

function tasks(pic: TopologyPicture): string {
  return `<section class="tasks"><h2>Affinity</h2><table><thead><tr><th>thread</th><th>CPU Affinity</th><th>CPUs</th><th>guest position</th><th>host cells</th></tr></thead><tbody>${pic.tasks
    .map(
      (t) =>
        `<tr class="task ${t.kind}${t.missing ? ' missing' : ''}"><td>${esc(t.label)}</td><td class="affinity">${esc(t.affinity)}</td><td>${esc(t.cpus)}${t.missing ? ` <span class="warn">(host lacks ${esc(t.missing)})</span>` : ''}</td><td>${esc(t.guest ?? '')}</td><td>${esc(t.hostCells)}</td></tr>`,
    )
    .join('')}</tbody></table></section>`;
}

const css = `
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 12px 16px; }
h1 { font-size: 1.3em; margin: 8px 0 2px; } h2 { font-size: 1.05em; margin: 10px 0 6px; } h3 { font-size: 0.95em; margin: 4px 0; font-weight: normal; opacity: 0.85; }
.summary { margin: 0 0 8px; opacity: 0.85; }
.layout { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.host { flex: 3 1 420px; } .guest { flex: 1 1 220px; border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); padding: 4px 10px; }
.node { border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); padding: 4px 10px 10px; margin-bottom: 10px; }
.cores { display: flex; flex-wrap: wrap; gap: 6px; }
.core { border: 1px dashed var(--vscode-descriptionForeground); padding: 3px; }
.core-label { font-size: 0.8em; opacity: 0.8; }
.threads { display: flex; gap: 3px; }
.cpu { min-width: 46px; min-height: 40px; padding: 2px; border: 1px solid var(--vscode-input-border, var(--vscode-descriptionForeground)); background: var(--vscode-input-background); display: flex; flex-wrap: wrap; align-content: flex-start; gap: 2px; }
.cpu .id { width: 100%; font-family: var(--vscode-editor-font-family); font-size: 0.85em; }
.cpu.free { opacity: 0.7; }
.cpu.conflict { border: 2px solid var(--vscode-editorError-foreground, var(--vscode-errorForeground)); }
.chip { font-size: 0.75em; padding: 0 3px; border-radius: 3px; color: var(--vscode-button-foreground); }
.chip.vcpu { background: var(--vscode-charts-blue); } .chip.emu { background: var(--vscode-charts-orange); } .chip.io { background: var(--vscode-charts-purple); } .chip.more { background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
.problems { list-style: none; padding: 0; margin: 6px 0 10px; }
.problem { padding: 3px 6px; margin-bottom: 3px; border-left: 3px solid var(--vscode-editorWarning-foreground); background: var(--vscode-inputValidation-warningBackground, transparent); cursor: pointer; }
.problem.information { border-left-color: var(--vscode-editorInfo-foreground); background: var(--vscode-inputValidation-infoBackground, transparent); }
.problem .code { font-family: var(--vscode-editor-font-family); font-weight: bold; }
.problem:focus { outline: 1px solid var(--vscode-focusBorder); }
.ok { color: var(--vscode-testing-iconPassed, var(--vscode-foreground)); }
table { border-collapse: collapse; } th, td { text-align: left; padding: 1px 8px 1px 0; vertical-align: top; }
.affinity { font-family: var(--vscode-editor-font-family); white-space: pre; }
.warn { color: var(--vscode-editorWarning-foreground); }
.note { opacity: 0.85; font-style: italic; }
.message { margin-top: 16px; }
body.vscode-high-contrast .chip { color: var(--vscode-editor-background); outline: 1px solid var(--vscode-contrastBorder); }
body.vscode-high-contrast .cpu, body.vscode-high-contrast .node, body.vscode-high-contrast .core { border-color: var(--vscode-contrastBorder); }
`;

/**
 * The whole webview page: a strict content security policy (nothing but this
 * page's own style and script, by nonce; no network, no other origin), the
 * body, and a script that swaps in new bodies and reports clicks.
 */
export function renderPicturePage(result: TopologyPictureResult, nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pinning and topology</title>
<style nonce="${nonce}">${css}</style>
</head>
<body>
<main id="root">${renderPictureBody(result)}</main>
<script nonce="${nonce}">
(function () {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('root');
  window.addEventListener('message', (event) => {
    const m = event.data;
    if (m && m.type === 'render' && typeof m.html === 'string') root.innerHTML = m.html;
  });
  document.addEventListener('change', (event) => {
    const t = event.target;
    if (t && t.id === 'host') vscode.postMessage({ type: 'host', host: t.value });
  });
  const reveal = (event) => {
    const li = event.target && event.target.closest && event.target.closest('.problem');
    if (li) vscode.postMessage({ type: 'reveal', start: Number(li.dataset.start), end: Number(li.dataset.end) });
  };
  document.addEventListener('click', reveal);
  document.addEventListener('keydown', (event) => { if (event.key === 'Enter') reveal(event); });
})();
</script>
</body>
</html>`;
}
