// The pre-commit hooks in .pre-commit-hooks.yaml, run the way pre-commit runs
// them: in a git repository, over the staged files that the hook's `types`
// select (as pre-commit's `identify` tags them: by extension for `xml`, by
// content for `text`), with the file names appended to the entry.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoFile } from '../helpers/fixtures';
import { cliPath, domain, problemFiles, tree } from '../helpers/cli';

interface Hook {
  id: string;
  entry: string;
  language: string;
  types: string[];
}

/** Reads .pre-commit-hooks.yaml (a list of flat maps with scalars and [a, b] lists: all this file uses). */
function readHooks(): Hook[] {
  const hooks: Array<Record<string, unknown>> = [];
  for (const line of readFileSync(repoFile('.pre-commit-hooks.yaml'), 'utf8').split('\n')) {
    if (/^\s*(#|$)/.test(line)) continue;
    const m = /^(- |  )([a-z_]+):\s*(.*)$/.exec(line);
    assert.ok(m, `unexpected line in .pre-commit-hooks.yaml: ${line}`);
    if (m[1] === '- ') hooks.push({});
    const value = m[3].trim();
    hooks[hooks.length - 1][m[2]] = value.startsWith('[') ? value.slice(1, -1).split(',').map((s) => s.trim()) : value;
  }
  return hooks as unknown as Hook[];
}

/** identify's tags for a file, for the two types our hooks use. */
function tagsOf(path: string): Set<string> {
  const bytes = readFileSync(path);
  const tags = new Set<string>();
  if (!bytes.subarray(0, 8192).includes(0)) tags.add('text');
  if (/\.(xml|xsd|xsl|svg)$/i.test(path) && tags.has('text')) tags.add('xml');
  return tags;
}

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd } });

/** Runs `hook` as pre-commit would on the repository's staged files; undefined when the hook selects none. */
function runHook(repo: string, hook: Hook): { status: number | null; stdout: string; stderr: string; files: string[] } {
  const staged = git(repo, 'diff', '--cached', '--name-only', '--diff-filter=ACMR', '-z').split('\0').filter(Boolean);
  const files = staged.filter((f) => hook.types.every((t) => tagsOf(join(repo, f)).has(t)));
  const [program, ...entryArgs] = hook.entry.split(/\s+/);
  assert.equal(program, 'libvirt-xml-lint', 'the entry is the package bin');
  // `language: node` installs the package; its bin is dist/cli.js.
  const pkg = JSON.parse(readFileSync(repoFile('package.json'), 'utf8')) as { bin: Record<string, string> };
  assert.equal(repoFile(pkg.bin[program]), cliPath);
  const r = spawnSync(process.execPath, [cliPath, ...entryArgs, ...files], { cwd: repo, encoding: 'utf8', env: { ...process.env, LIBVIRT_XML_LINT_CACHE: 'off' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, files };
}

function repoWith(files: Record<string, string | Buffer>): string {
  const dir = tree(files);
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  return dir;
}

test('.pre-commit-hooks.yaml declares node hooks whose entry is the package bin', () => {
  const hooks = readHooks();
  assert.deepEqual(
    hooks.map((h) => h.id),
    ['libvirt-xml-lint', 'libvirt-xml-lint-any'],
  );
  for (const h of hooks) assert.equal(h.language, 'node');
  assert.deepEqual(hooks[0].types, ['xml']);
  const pkg = JSON.parse(readFileSync(repoFile('package.json'), 'utf8')) as { scripts: Record<string, string> };
  // Built on install, not on pack: pre-commit reads the tarball's name from npm pack's output, which a pack-time script's banner would spoil.
  assert.match(pkg.scripts.postinstall, /existsSync\('scripts\/build\.mjs'\)/, 'pre-commit installs from git: dist/ must be built on install');
  assert.equal(pkg.scripts.prepare ?? pkg.scripts.prepack, undefined);
  const npmignore = readFileSync(repoFile('.npmignore'), 'utf8');
  assert.doesNotMatch(npmignore, /^dist\/(cli|cliMain)\.js$|^dist\/?$|^data\/?$/m, 'npm pack must keep the CLI bundles and data');
});

test('the xml hook fails a commit with a libvirt error and passes other XML silently', () => {
  const [hook] = readHooks();
  const repo = repoWith({
    'vms/web.xml': domain('web', 'Skylake-Clinet'),
    'vms/db.xml': domain('db'),
    'pom.xml': '<?xml version="1.0"?>\n<project/>\n',
    'vms/readme.md': 'see <domain> files\n',
  });
  const r = runHook(repo, hook);
  assert.deepEqual(r.files.sort(), ['pom.xml', 'vms/db.xml', 'vms/web.xml']);
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(problemFiles(r.stdout), ['vms/web.xml']);
  assert.equal(r.stderr, '', 'other XML is skipped without a word');

  // Fixed and re-staged: the hook passes.
  const fixed = repoWith({ 'vms/web.xml': domain('web'), 'pom.xml': '<project/>\n' });
  const ok = runHook(fixed, hook);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.equal(ok.stderr, '');
});

test('the any-text hook finds libvirt XML by content, whatever the name, and ignores the rest', () => {
  const hook = readHooks()[1];
  const repo = repoWith({
    'roles/kvm/templates/guest.xml.j2': domain('guest', 'Haswel'),
    'notes.md': '# How we write <domain> XML\n\n<domain> goes first.\n',
    'pom.xml': '<project/>\n',
    'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
    'vms/ok.xml': domain('ok'),
  });
  const r = runHook(repo, hook);
  assert.ok(!r.files.includes('logo.png'), 'binary files are not text');
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.deepEqual(problemFiles(r.stdout), ['roles/kvm/templates/guest.xml.j2']);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /in 2 files: 2 domains \(2 other files skipped\)/);
});

test('the hook honours the repository .libvirt-xml-lintignore for staged files', () => {
  const [hook] = readHooks();
  const repo = repoWith({ '.libvirt-xml-lintignore': 'legacy/\n', 'legacy/old.xml': domain('old', 'Skylake-Clinet'), 'vms/new.xml': domain('new') });
  const r = runHook(repo, hook);
  assert.ok(r.files.includes('legacy/old.xml'), 'pre-commit passes it');
  assert.equal(r.status, 0, r.stdout);
});
