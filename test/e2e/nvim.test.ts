// Second-editor end-to-end test: Neovim's built-in LSP client talks to dist/server.js
// over stdio (initialize, settings pull, diagnostics, completion, hover). A Lua init
// drives headless Neovim and writes what it saw as JSON; this file asserts on it.
// Skipped, with a message, when `nvim` is not installed (Debian: apt-get install neovim).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Repository root: this file is bundled to out/test/e2e/nvim.test.js. */
const root = resolve(__dirname, '..', '..', '..');
const serverJs = join(root, 'dist', 'server.js');
/** Upper bound for the whole Neovim session; the Lua side waits at most 20 s per step. */
const sessionTimeoutMs = 90_000;

const nvimVersion = (() => {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8', timeout: 15_000 });
  return r.status === 0 ? r.stdout.split('\n')[0].trim() : undefined;
})();

const domain = `<domain type='kvm'>
  <name>nvim01</name>
  <memory unit='GiB'>2</memory>
  <vcpu>2</vcpu>
  <os>
    <type arch='x86_64'>hvm</type>
  </os>
  <cpu mode='custom'>
    <model>Skylake-Clinet</model>
    <feature policy='require' name='avx512f'/>
  </cpu>
</domain>
`;

// Works with Neovim 0.7 (Debian 12: vim.lsp.start_client + buf_attach_client) and
// with 0.8+ (vim.lsp.start). Every wait is bounded; any error ends up in the JSON.
const initLua = String.raw`
local env = vim.env
local result = { steps = {} }
local v = vim.version()
result.nvim = string.format('%d.%d.%d', v.major, v.minor, v.patch)

local function start(buf)
  local config = {
    name = 'libvirt-xml',
    cmd = { env.LVX_NODE, env.LVX_SERVER, '--stdio' },
    root_dir = env.LVX_DIR,
    init_options = { catalog = { useHostCpuMap = false } },
    settings = { libvirtXml = { catalog = { useHostCpuMap = false } } },
    handlers = {
      ['libvirtXml/catalogInfo'] = function(_, info) result.catalogInfo = info end,
    },
  }
  if vim.lsp.start then
    _G.lvx_client = vim.lsp.start(config, { bufnr = buf })
  else
    _G.lvx_client = _G.lvx_client or vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(buf, _G.lvx_client)
  end
end

vim.api.nvim_create_autocmd('FileType', {
  pattern = 'xml',
  callback = function(args) start(args.buf) end,
})

local function position_of(buf, needle, delta)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local s = line:find(needle, 1, true)
    if s then return { line = i - 1, character = s - 1 + delta } end
  end
  error('not in buffer: ' .. needle)
end

local function request(buf, method, params)
  local responses, err = vim.lsp.buf_request_sync(buf, method, params, 20000)
  if not responses then error(method .. ' failed: ' .. tostring(err)) end
  local r = responses[_G.lvx_client]
  if not r then error(method .. ': no response from our client') end
  if r.err or r.error then error(method .. ' error: ' .. vim.inspect(r.err or r.error)) end
  return r.result
end

local function main()
  vim.cmd('edit ' .. vim.fn.fnameescape(env.LVX_FILE))
  local buf = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[buf].filetype
  if not _G.lvx_client then error('FileType autocmd did not start the client') end

  local client
  result.steps.initialized = vim.wait(20000, function()
    client = vim.lsp.get_client_by_id(_G.lvx_client)
    return client ~= nil and client.initialized == true and client.server_capabilities ~= nil
  end, 50)
  if not result.steps.initialized then error('initialize did not complete within 20 s') end
  local caps = client.server_capabilities
  result.capabilities = {
    hover = caps.hoverProvider == true,
    completion = caps.completionProvider ~= nil,
    codeAction = caps.codeActionProvider ~= nil,
  }

  result.steps.diagnostics = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(result.diagnostics, { code = code, message = d.message, source = d.source, lnum = d.lnum })
  end

  local uri = vim.uri_from_bufnr(buf)
  local completion = request(buf, 'textDocument/completion', {
    textDocument = { uri = uri },
    position = position_of(buf, 'Skylake-Clinet', 3),
  })
  local items = completion and (completion.items or completion) or {}
  result.completion = {}
  for _, item in ipairs(items) do table.insert(result.completion, item.label) end

  local hover = request(buf, 'textDocument/hover', {
    textDocument = { uri = uri },
    position = position_of(buf, 'avx512f', 2),
  })
  local contents = hover and hover.contents
  if type(contents) == 'table' then contents = contents.value or vim.inspect(contents) end
  result.hover = contents
end

local function write_result()
  local f = assert(io.open(env.LVX_OUT, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
end

vim.schedule(function()
  local ok, err = pcall(main)
  if not ok then result.error = tostring(err) end
  pcall(write_result)
  vim.cmd('qa!')
end)
`;

interface NvimResult {
  nvim: string;
  filetype?: string;
  error?: string;
  steps: { initialized?: boolean; diagnostics?: boolean };
  capabilities?: { hover: boolean; completion: boolean; codeAction: boolean };
  catalogInfo?: { kind: string; libvirtVersion: string };
  diagnostics?: { code?: string; message: string; source?: string }[];
  completion?: string[];
  hover?: string;
}

/** Runs headless Neovim with init.lua; resolves when it exits, kills its process group on timeout. */
async function runNvim(dir: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn('nvim', ['--headless', '-n', '-i', 'NONE', '-u', join(dir, 'init.lua')], {
    cwd: dir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      LVX_NODE: process.execPath,
      LVX_SERVER: serverJs,
      LVX_DIR: dir,
      LVX_FILE: join(dir, 'vm.xml'),
      LVX_OUT: join(dir, 'result.json'),
      // A private Neovim home: no user config, plugins, shada or state.
      XDG_CONFIG_HOME: join(dir, 'config'),
      XDG_DATA_HOME: join(dir, 'data'),
      XDG_STATE_HOME: join(dir, 'state'),
      XDG_CACHE_HOME: join(dir, 'cache'),
      NVIM_LOG_FILE: join(dir, 'nvim.log'),
    },
  });
  let stderr = '';
  child.stderr!.on('data', (b) => (stderr += b));
  child.stdout!.on('data', () => {});
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  process.once('exit', killGroup);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await new Promise((resolvePromise, reject) => {
      timer = setTimeout(() => reject(new Error(`nvim did not exit within ${sessionTimeoutMs / 1000} s; stderr: ${stderr}`)), sessionTimeoutMs);
      child.once('error', reject);
      child.once('exit', (code) => resolvePromise({ code, stderr }));
    });
  } finally {
    clearTimeout(timer);
    // The language server is nvim's child in the same process group.
    killGroup();
    process.removeListener('exit', killGroup);
  }
}

test('Neovim built-in LSP client: diagnostics, completion and hover from dist/server.js', {
  skip: nvimVersion ? false : 'nvim not found on PATH (install it, e.g. `apt-get install neovim`, to run this test)',
  timeout: sessionTimeoutMs + 30_000,
}, async (t) => {
  assert.ok(existsSync(serverJs), `${serverJs} is missing; run \`node scripts/build.mjs\` first`);
  const dir = mkdtempSync(join(tmpdir(), 'libvirt-xml-nvim-'));
  try {
    for (const sub of ['config', 'data', 'state', 'cache']) mkdirSync(join(dir, sub));
    writeFileSync(join(dir, 'init.lua'), initLua);
    writeFileSync(join(dir, 'vm.xml'), domain);
    const run = await runNvim(dir);
    const out = join(dir, 'result.json');
    assert.ok(existsSync(out), `nvim wrote no result (exit ${run.code}); stderr: ${run.stderr}`);
    const r = JSON.parse(readFileSync(out, 'utf8')) as NvimResult;
    t.diagnostic(`${nvimVersion} (Lua reports ${r.nvim})`);
    assert.equal(r.error, undefined, `Lua side failed: ${r.error}`);
    assert.equal(r.filetype, 'xml');

    assert.equal(r.steps.initialized, true, 'initialize completed');
    assert.deepEqual(r.capabilities, { hover: true, completion: true, codeAction: true });
    // Settings reached the server (init_options and the workspace/configuration pull).
    assert.equal(r.catalogInfo?.kind, 'bundled');

    assert.equal(r.steps.diagnostics, true, 'diagnostics arrived');
    const model = r.diagnostics?.find((d) => d.code === 'cpu-model-unknown');
    assert.ok(model, `cpu-model-unknown among ${JSON.stringify(r.diagnostics)}`);
    assert.match(model.message, /Skylake-Clinet/);
    assert.equal(model.source, 'libvirt-xml');

    assert.ok(r.completion?.includes('Skylake-Client'), `Skylake-Client among ${r.completion?.length ?? 0} completion items`);
    assert.match(r.hover ?? '', /CPUID leaf 7, sub-leaf 0, EBX bit 16/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
