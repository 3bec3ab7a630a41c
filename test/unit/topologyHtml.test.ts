// The picture's HTML: a strict content security policy with nonce'd style and
// script, no network reference, theme colours only, every server string
// escaped, and the drawing's structure (cells, cores, CPUs, chips, problems).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXml } from '../../server/src/xml/parser';
import { libvirtDocument } from '../../server/src/domain/libvirtDocument';
import { readTopologies } from '../../server/src/hosts/topology';
import { topologyPicture } from '../../server/src/features/hosts/topologyMap';
import { renderPictureBody, renderPicturePage } from '../../client/src/topologyHtml';
import type { TopologyPictureResult } from '../../server/src/protocol';
import { intelTwoSocket } from '../helpers/topologyHosts';

const intel = readTopologies(intelTwoSocket(), 'intel.xml')[0];
const text = `<domain type='kvm'><name>g</name><memory unit='GiB'>2</memory><vcpu>4</vcpu><iothreads>1</iothreads>
<cputune><vcpupin vcpu='0' cpuset='0'/><vcpupin vcpu='1' cpuset='0'/><vcpupin vcpu='2' cpuset='1'/><vcpupin vcpu='3' cpuset='9'/><emulatorpin cpuset='2'/><iothreadpin iothread='1' cpuset='3'/></cputune>
<os><type arch='x86_64'>hvm</type></os><cpu><topology sockets='1' cores='2' threads='2'/></cpu></domain>`;
const result: TopologyPictureResult = { hosts: ['intel.xml', 'b.xml'], host: 'intel.xml', picture: topologyPicture(libvirtDocument(parseXml(text))!, intel) };

test('page: strict CSP, nonce on style and script, no network, no inline style attributes', () => {
  const page = renderPicturePage(result, 'N0nce');
  assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-N0nce'; script-src 'nonce-N0nce';">/);
  assert.equal((page.match(/<script/g) ?? []).length, 1);
  assert.ok(page.includes('<script nonce="N0nce">') && page.includes('<style nonce="N0nce">'));
  assert.doesNotMatch(page, /https?:|\/\/[a-z]|src=|style="/i);
  // Colours only from the theme.
  assert.doesNotMatch(page.slice(page.indexOf('<style'), page.indexOf('</style>')), /#[0-9a-f]{3,6}\b|rgb\(/i);
  assert.match(page, /body\.vscode-high-contrast/);
});

test('body: cells, cores with sibling threads, chips for vCPUs, emulator and IOThreads, conflicts marked', () => {
  const body = renderPictureBody(result);
  assert.equal((body.match(/class="node"/g) ?? []).length, 2);
  assert.equal((body.match(/class="core"/g) ?? []).length, 8);
  assert.equal((body.match(/data-cpu="/g) ?? []).length, 16);
  assert.match(body, /<div class="cpu conflict used" data-cpu="0" title="CPU 0 \(conflict\)"><span class="id">0<\/span><span class="chip vcpu" title="vCPU 0">v0<\/span><span class="chip vcpu" title="vCPU 1">v1<\/span><\/div>/);
  assert.match(body, /data-cpu="2"[^>]*><span class="id">2<\/span><span class="chip emu"/);
  assert.match(body, /data-cpu="3"[^>]*><span class="id">3<\/span><span class="chip io" title="IOThread 1">io1<\/span>/);
  assert.match(body, /<select id="host"><option value="intel.xml" selected>intel.xml<\/option><option value="b.xml">b.xml<\/option><\/select>/);
  assert.match(body, /<li class="problem warning" data-start="\d+" data-end="\d+" tabindex="0"><span class="code">host-vcpus-share-cpu<\/span>: vCPU 1 and vCPU 0 are both pinned to CPU 0 alone on host &#39;intel.xml&#39;/);
  assert.match(body, /<td class="affinity">y---------------<\/td>/);
});

test('hostile names and messages are escaped; no picture gives the message', () => {
  const evil = '<img src=x onerror=alert(1)>"\'&';
  const body = renderPictureBody({ ...result, hosts: [evil, 'x'], host: evil, picture: { ...result.picture!, host: evil } });
  assert.ok(!body.includes('<img'));
  assert.ok(body.includes('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;'));
  assert.equal(renderPictureBody({ hosts: [], message: 'No <host>' }), '<header></header><p class="message" id="message">No &lt;host&gt;</p>');
});
