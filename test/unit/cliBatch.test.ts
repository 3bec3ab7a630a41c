// The CLI over batches, as CI runs it: directories and quoted globs, libvirt
// XML recognised by content, .gitignore-style excludes and the ignore file,
// worker threads with output identical to one job, baselines that survive
// line shifts, unreadable files, exit statuses and the code cache.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { compileIgnore } from '../../server/src/io/ignore';
import { expandInputs } from '../../server/src/io/fileWalk';
import { defaultOptions, lintOptionSpecs, optionsHelp, parseOptions } from '../../server/src/cli/options';
import { defaultJobs, usage } from '../../server/src/cli/main';
import { fingerprints, lintFile } from '../../server/src/cli/lintFile';
import { workerCount, filesPerWorker } from '../../server/src/cli/workers';
import { cacheDirectory } from '../../server/src/cli/codeCache';
import { service } from '../helpers/engine';
import { repoFile } from '../helpers/fixtures';
import { cacheFileStamps, cliPath, domain, problemFiles, runCli, tree } from '../helpers/cli';
import { spawn } from 'node:child_process';

// ------------------------------------------------------------------ excludes

test('ignore patterns follow .gitignore: anchoring, directories, **, negation, comments', () => {
  const cases: Array<[string[], string, boolean, boolean]> = [
    // patterns, path, isDir, ignored
    [['*.bak'], 'a/b/c.bak', false, true],
    [['*.bak'], 'a/b/c.xml', false, false],
    [['old/'], 'vms/old', true, true],
    [['old/'], 'vms/old', false, false],
    [['old/'], 'vms/old/x.xml', false, true],
    [['/old'], 'old/x.xml', false, true],
    [['/old'], 'vms/old/x.xml', false, false],
    [['vms/*.xml'], 'vms/a.xml', false, true],
    [['vms/*.xml'], 'x/vms/a.xml', false, false],
    [['vms/*.xml'], 'vms/sub/a.xml', false, false],
    [['**/gen/*.xml'], 'gen/a.xml', false, true],
    [['**/gen/*.xml'], 'x/y/gen/a.xml', false, true],
    [['a/**/b.xml'], 'a/b.xml', false, true],
    [['a/**/b.xml'], 'a/x/y/b.xml', false, true],
    [['templates/**'], 'templates/x/y.xml', false, true],
    [['*.xml', '!keep.xml'], 'keep.xml', false, false],
    [['*.xml', '!keep.xml'], 'drop.xml', false, true],
    // A file inside an excluded directory cannot be re-included (git's rule).
    [['old/', '!old/keep.xml'], 'old/keep.xml', false, true],
    [['# comment', '', '  '], 'x.xml', false, false],
    [['\\#hash.xml'], '#hash.xml', false, true],
    [['vm[0-9].xml'], 'vm7.xml', false, true],
    [['vm[!0-9].xml'], 'vm7.xml', false, false],
    [['vm?.xml'], 'vm1.xml', false, true],
    [['*.xml'], '../outside.xml', false, false],
  ];
  for (const [patterns, path, isDir, want] of cases) {
    assert.equal(compileIgnore(patterns).ignores(path, isDir), want, `${JSON.stringify(patterns)} on ${path}${isDir ? '/' : ''}`);
  }
  assert.equal(compileIgnore(['# only a comment', '']).size, 0);
  // Malformed patterns are skipped, not thrown.
  assert.doesNotThrow(() => compileIgnore(['[', '\\', '!', '/', 'a'.repeat(5000)]));
});

// ------------------------------------------------------------------ options

test('options: the table parses values, = forms and short flags, and refuses bad ones', () => {
  const o = parseOptions(['--format=github', '-j', '3', '--exclude', 'a/', '--exclude=b', '-q', 'x.xml', '--', '-odd.xml'], lintOptionSpecs, defaultOptions());
  assert.ok(typeof o !== 'string', String(o));
  assert.equal(o.format, 'github');
  assert.equal(o.jobs, 3);
  assert.deepEqual(o.excludes, ['a/', 'b']);
  assert.equal(o.quiet, true);
  assert.deepEqual(o.inputs, ['x.xml', '-odd.xml']);
  for (const [argv, error] of [
    [['--format', 'xml'], /unknown format 'xml'/],
    [['--jobs', '0'], /positive number/],
    [['--jobs'], /needs a value/],
    [['--frobnicate'], /unknown option '--frobnicate'/],
    [['--quiet=yes'], /takes no value/],
    [['--target-version', 'nine'], /libvirt release/],
  ] as const) {
    assert.match(String(parseOptions(argv, lintOptionSpecs, defaultOptions())), error);
  }
  // Every option is in the help, which is made from the same table.
  const help = usage();
  for (const s of lintOptionSpecs) for (const f of s.flags) assert.ok(help.includes(f), `${f} missing from the usage text`);
  assert.ok(optionsHelp(lintOptionSpecs).split('\n').length >= lintOptionSpecs.length);
});

// ------------------------------------------------------------------ expansion

test('directories and quoted globs expand in a stable order; named files are kept as given', () => {
  const dir = tree({
    'vms/b.xml': domain('b'),
    'vms/a.xml': domain('a'),
    'vms/sub/c.xml': domain('c'),
    'vms/.git/x.xml': domain('x'),
    'vms/node_modules/y.xml': domain('y'),
    'hosts/r1/h1.xml': '<capabilities/>',
    'hosts/r2/deep/h2.xml': '<capabilities/>',
    'hosts/r2/notes.txt': 'hi',
  });
  const none = compileIgnore([]);
  const paths = (inputs: string[]) => expandInputs(inputs, dir, none).files.map((f) => `${f.path}${f.explicit ? '!' : ''}`);
  assert.deepEqual(paths(['vms']), ['vms/a.xml', 'vms/b.xml', 'vms/sub/c.xml']);
  assert.deepEqual(paths(['hosts/**/*.xml']), ['hosts/r1/h1.xml', 'hosts/r2/deep/h2.xml']);
  assert.deepEqual(paths(['hosts/*/h?.xml']), ['hosts/r1/h1.xml']);
  assert.deepEqual(paths(['**/c.xml']), ['vms/sub/c.xml']);
  // A glob naming directories walks them, as the shell's expansion of `hosts/r*` would.
  assert.deepEqual(paths(['hosts/r*']), ['hosts/r1/h1.xml', 'hosts/r2/notes.txt', 'hosts/r2/deep/h2.xml']);
  assert.deepEqual(paths(['v?s']), ['vms/a.xml', 'vms/b.xml', 'vms/sub/c.xml']);
  assert.deepEqual(paths([join(dir, 'vms', '*.xml')]), [join(dir, 'vms/a.xml'), join(dir, 'vms/b.xml')]);
  // Named files first as given, duplicates once.
  assert.deepEqual(paths(['vms/b.xml', 'vms', 'vms/b.xml']), ['vms/b.xml!', 'vms/a.xml', 'vms/sub/c.xml']);
  const e = expandInputs(['nothing/*.xml', 'missing.xml'], dir, none);
  assert.deepEqual(e.problems, ['nothing/*.xml: no files match']);
  assert.deepEqual(e.files, [{ path: 'missing.xml', explicit: true }], 'a missing named file is left for the check to report');
  // Excludes apply to named and found files alike.
  const ex = compileIgnore(['sub/', 'b.xml']);
  assert.deepEqual(
    expandInputs(['vms', 'vms/b.xml'], dir, ex).files.map((f) => f.path),
    ['vms/a.xml'],
  );
  assert.deepEqual(expandInputs(['vms/sub/*.xml'], dir, ex).problems, [], 'a glob whose matches are all excluded is no problem');
});

test('libvirt XML is recognised by content: other XML and binaries found in a walk are skipped silently', () => {
  const dir = tree({
    'repo/vm.conf': domain('by-content', 'Skylake-Clinet'),
    'repo/pom.xml': '<?xml version="1.0"?>\n<project><modelVersion>4.0.0</modelVersion></project>\n',
    'repo/blob.bin': Buffer.from([0, 1, 2, 3, 0x3c, 0, 0, 0]),
    'repo/readme.md': '# <domain> in prose is not XML\n',
    'repo/big-other.xml': `<inventory>${' '.repeat(100_000)}</inventory>`,
    // Over 64 KiB: only its start is read to decide.
    'repo/big.xml': domain('big', 'Skylake-Clinet').replace('<name>', `<!--${' pad'.repeat(30_000)} -->\n  <name>`),
    'repo/late-root.xml': domain('late', 'Skylake-Clinet', `<!--${' pad'.repeat(30_000)} -->\n`),
  });
  const r = runCli(['repo'], dir);
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(problemFiles(r.stdout), ['repo/big.xml', 'repo/vm.conf']);
  assert.match(r.stdout, /2 errors.* in 2 files: 2 domains \(5 other files skipped\)/);
  assert.equal(r.stderr, '');
  // Named explicitly, other XML is skipped without noise too; a named binary is reported.
  const named = runCli(['repo/pom.xml'], dir);
  assert.equal(named.status, 0, named.stderr);
  assert.match(named.stdout, /in 0 files \(1 other file skipped\)/);
  const binary = runCli(['repo/blob.bin', 'repo/vm.conf'], dir);
  assert.equal(binary.status, 2);
  assert.match(binary.stderr, /repo\/blob.bin: not a text file/);
  assert.deepEqual(problemFiles(binary.stdout), ['repo/vm.conf'], 'the other file is still checked');
});

test('--exclude and .libvirt-xml-lintignore skip files; --no-ignore reads no ignore file', () => {
  const dir = tree({
    '.libvirt-xml-lintignore': '# generated by the pipeline\ngenerated/\n*.draft.xml\n!keep.draft.xml\n',
    'vms/a.xml': domain('a', 'Skylake-Clinet'),
    'vms/b.draft.xml': domain('b', 'Skylake-Clinet'),
    'vms/keep.draft.xml': domain('k', 'Skylake-Clinet'),
    'vms/generated/g.xml': domain('g', 'Skylake-Clinet'),
    'vms/legacy/l.xml': domain('l', 'Skylake-Clinet'),
  });
  assert.deepEqual(problemFiles(runCli(['vms'], dir).stdout), ['vms/a.xml', 'vms/keep.draft.xml', 'vms/legacy/l.xml']);
  assert.deepEqual(problemFiles(runCli(['vms', '--exclude', 'legacy/', '--exclude=a.xml'], dir).stdout), ['vms/keep.draft.xml']);
  assert.deepEqual(problemFiles(runCli(['--no-ignore', 'vms'], dir).stdout), ['vms/a.xml', 'vms/b.draft.xml', 'vms/keep.draft.xml', 'vms/generated/g.xml', 'vms/legacy/l.xml']);
  // Named files (what pre-commit passes) are excluded the same way.
  assert.deepEqual(problemFiles(runCli(['vms/generated/g.xml', 'vms/a.xml'], dir).stdout), ['vms/a.xml']);
});

// ------------------------------------------------------------------ jobs

test('worker threads give byte-identical output to one job, in input order', () => {
  assert.equal(defaultJobs(8, 0.2), 8);
  assert.equal(defaultJobs(2, 0.9), 1, 'a core already busy is left alone');
  assert.equal(defaultJobs(2, 12), 1);
  assert.equal(defaultJobs(4, 1.4), 3);
  assert.equal(workerCount(1, 10_000), 1);
  assert.equal(workerCount(8, filesPerWorker * 2), 2);
  assert.equal(workerCount(4, 5), 1, 'a handful of files is checked on the main thread alone');
  const files: Record<string, string> = {};
  const n = filesPerWorker * 3 + 7;
  for (let i = 0; i < n; i++) files[`vms/d${String(i).padStart(3, '0')}.xml`] = domain(`d${i}`, i % 3 === 0 ? 'Skylake-Clinet' : i % 3 === 1 ? 'Skylake-Client' : 'Haswel');
  files['vms/broken.xml'] = '<domain type="kvm"><cpu mode="custom"><model>Haswell</model></cpu>';
  const dir = tree(files);
  const outputs = new Map<string, string>();
  for (const format of ['text', 'json', 'sarif', 'github']) {
    const one = runCli(['--jobs', '1', '--format', format, 'vms', 'vms/missing.xml'], dir);
    const three = runCli(['--jobs', '3', '--format', format, 'vms', 'vms/missing.xml'], dir);
    assert.equal(one.status, 2, one.stderr);
    assert.equal(three.status, 2, three.stderr);
    assert.equal(three.stdout, one.stdout, `--format ${format}: --jobs 3 differs from --jobs 1`);
    assert.equal(three.stderr, one.stderr);
    assert.match(one.stderr, /vms\/missing.xml: no such file/);
    outputs.set(format, one.stdout);
  }
  const order = problemFiles(outputs.get('text')!);
  assert.deepEqual(order, [...order].sort(), 'problems come in file order');
  assert.ok(order.includes('vms/broken.xml') && order.includes('vms/d078.xml'));
});

// ------------------------------------------------------------------ baseline

test('a baseline hides known problems, survives lines added above them, and lets new ones fail', () => {
  const dir = tree({ 'vms/a.xml': domain('a', 'Skylake-Clinet'), 'vms/b.xml': domain('b', 'Haswel'), 'vms/clean.xml': domain('c') });
  const written = runCli(['vms', '--write-baseline', 'lint-baseline.json'], dir);
  assert.equal(written.status, 0, written.stderr);
  assert.match(written.stderr, /wrote 2 problems to lint-baseline.json/);
  const b = JSON.parse(readFileSync(join(dir, 'lint-baseline.json'), 'utf8'));
  assert.deepEqual(
    b.problems.map((p: { file: string; code: string }) => `${p.file} ${p.code}`),
    ['vms/a.xml cpu-model-unknown', 'vms/b.xml cpu-model-unknown'],
  );
  const again = runCli(['vms', '--baseline', 'lint-baseline.json'], dir);
  assert.equal(again.status, 0, again.stdout);
  assert.match(again.stdout, /0 errors.*\(2 known problems in the baseline\)/);
  // Lines added above, indentation changed: still known.
  writeFileSync(join(dir, 'vms/a.xml'), '<!-- moved down -->\n\n\n' + domain('a', 'Skylake-Clinet').replace('    <model>', '      <model>'));
  assert.equal(runCli(['vms', '--baseline', 'lint-baseline.json'], dir).status, 0);
  // A new problem (another file, or a second one in the same file) fails.
  writeFileSync(join(dir, 'vms/clean.xml'), domain('c', 'Skylake-Clinet'));
  writeFileSync(join(dir, 'vms/b.xml'), domain('b', 'Haswel').replace('</cpu>', "  <feature policy='require' name='avx512'/>\n  </cpu>"));
  const fresh = runCli(['vms', '--baseline', 'lint-baseline.json'], dir);
  assert.equal(fresh.status, 1);
  assert.deepEqual(problemFiles(fresh.stdout), ['vms/b.xml', 'vms/clean.xml']);
  assert.match(fresh.stdout, /cpu-feature-unknown/);
  // Fixing the line changes the fingerprint: the old entry no longer hides anything else.
  assert.equal(runCli(['vms', '--baseline', 'missing.json'], dir).status, 2);
  writeFileSync(join(dir, 'bad.json'), '{"problems": 3}');
  assert.match(runCli(['vms', '--baseline', 'bad.json'], dir).stderr, /not a libvirt-xml-lint baseline/);
});

test('fingerprints depend on the code, message and line text, not the line number', () => {
  const catalog = service().catalog;
  const one = domain('a', 'Skylake-Clinet');
  const fp = (text: string) => {
    const doc = TextDocument.create('file:///x.xml', 'xml', 1, text);
    const s = service();
    const d = s.doValidation(s.parse(doc));
    return fingerprints(text, doc, d);
  };
  assert.ok(catalog);
  assert.deepEqual(fp('\n\n<!-- x -->\n' + one), fp(one));
  assert.notDeepEqual(fp(one.replace('Skylake-Clinet', 'Skylake-Clinte')), fp(one));
  // Two equal problems in one file get distinct fingerprints.
  const twice = fp(one.replace('</cpu>', '</cpu>\n  <cpu mode="custom"><model>Skylake-Clinet</model></cpu>'));
  assert.equal(new Set(twice).size, twice.length);
});

// ------------------------------------------------------------------ exit status, I/O errors

test('exit status: 0 clean, 1 errors, 2 usage or unreadable input (the other files still checked)', () => {
  const dir = tree({ 'ok.xml': domain('ok'), 'bad.xml': domain('bad', 'Skylake-Clinet') });
  symlinkSync(join(dir, 'gone.xml'), join(dir, 'dangling.xml'));
  assert.equal(runCli(['ok.xml'], dir).status, 0);
  assert.equal(runCli(['ok.xml', 'bad.xml'], dir).status, 1);
  assert.equal(runCli([], dir).status, 2);
  assert.equal(runCli(['--format', 'yaml', 'ok.xml'], dir).status, 2);
  const r = runCli(['dangling.xml', 'bad.xml', 'nope/*.xml'], dir);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /dangling.xml: no such file/);
  assert.match(r.stderr, /nope\/\*.xml: no files match/);
  assert.deepEqual(problemFiles(r.stdout), ['bad.xml']);
  // --output writes the report to a file.
  assert.equal(runCli(['-o', 'report.txt', 'bad.xml'], dir).stdout, '');
  assert.match(readFileSync(join(dir, 'report.txt'), 'utf8'), /cpu-model-unknown/);
  assert.equal(runCli(['-o', 'no/such/dir/r.txt', 'bad.xml'], dir).status, 2);
  // Absolute paths for -o, --write-baseline and --baseline are taken as they are.
  assert.equal(runCli(['-o', join(dir, 'abs.txt'), '--write-baseline', join(dir, 'abs.json'), join(dir, 'bad.xml')], join(dir, '..')).status, 0);
  assert.ok(existsSync(join(dir, 'abs.json')));
  assert.equal(runCli(['--baseline', join(dir, 'abs.json'), join(dir, 'bad.xml')], join(dir, '..')).status, 0);
});

test('lintFile never throws on unreadable paths', () => {
  const s = service();
  const engine = { catalog: s.catalog, settings: s.settings, hosts: [], topologies: [] };
  assert.match(lintFile(engine, '/nonexistent/x.xml', true).failure ?? '', /no such file/);
  assert.match(lintFile(engine, '/', true).failure ?? '', /is a directory|cannot read/);
});

// ------------------------------------------------------------------ code cache

test('the code and grammar caches are written once, reused, and a cache directory that cannot be written is no problem', () => {
  const dir = tree({ 'bad.xml': domain('bad', 'Skylake-Clinet'), 'blocker': 'a file where a directory would go' });
  const cache = join(dir, 'cache');
  const first = runCli(['bad.xml'], dir, { LIBVIRT_XML_LINT_CACHE: cache });
  assert.equal(first.status, 1, first.stderr);
  const v8 = () => readdirSync(cache).filter((f) => f.endsWith('.v8'));
  const bin = () => readdirSync(cache).filter((f) => f.endsWith('.bin'));
  assert.ok(existsSync(cache) && v8().length === 1 && bin().length === 1, 'one code cache file and one grammar snapshot written');
  const snapshot = readFileSync(join(cache, bin()[0]));
  const second = runCli(['bad.xml'], dir, { LIBVIRT_XML_LINT_CACHE: cache });
  assert.equal(second.stdout, first.stdout);
  assert.ok(readFileSync(join(cache, bin()[0])).equals(snapshot), 'a run that learnt nothing new leaves the snapshot as it was');
  // A damaged snapshot is refused (the run starts cold, same output) and replaced.
  writeFileSync(join(cache, bin()[0]), snapshot.subarray(0, 200));
  assert.equal(runCli(['bad.xml'], dir, { LIBVIRT_XML_LINT_CACHE: cache }).stdout, first.stdout);
  assert.ok(readFileSync(join(cache, bin()[0])).equals(snapshot));
  for (const unusable of [join(dir, 'blocker', 'cache'), '/proc/self/no-cache']) {
    const r = runCli(['bad.xml'], dir, { LIBVIRT_XML_LINT_CACHE: unusable });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, first.stdout);
    assert.equal(r.stderr, '');
  }
  // A corrupt cache file is rejected by V8 and replaced.
  const [name] = v8();
  writeFileSync(join(cache, name), 'garbage');
  assert.equal(runCli(['bad.xml'], dir, { LIBVIRT_XML_LINT_CACHE: cache }).stdout, first.stdout);
  assert.notEqual(readFileSync(join(cache, name), 'utf8'), 'garbage');
  assert.equal(runCli(['bad.xml'], dir, { LIBVIRT_XML_LINT_CACHE: 'off' }).stdout, first.stdout);
  // A cache for an older build of the bundle is replaced, not kept beside.
  const stale = name.replace(/-[0-9a-f]{8}\.v8$/, '-00000000.v8');
  writeFileSync(join(cache, stale), 'old');
  rmSync(join(cache, name));
  runCli(['bad.xml'], dir, { LIBVIRT_XML_LINT_CACHE: cache });
  assert.deepEqual(v8(), [name]);
  assert.equal(cacheDirectory({ LIBVIRT_XML_LINT_CACHE: 'off' }), undefined);
  assert.equal(cacheDirectory({ XDG_CACHE_HOME: '/c' }), '/c/libvirt-xml-lint');
  assert.equal(cacheDirectory({ XDG_CACHE_HOME: 'relative' }), undefined);
  rmSync(dir, { recursive: true, force: true });
});

test('lint workers keep a code cache of their own, and a parallel run leaves the one-file cache valid', () => {
  // A parallel run changes V8's flags (workerFlags.ts), and V8 refuses a code cache made under other flags.
  const files: Record<string, string> = { 'one.xml': domain('one') };
  for (let i = 0; i < filesPerWorker * 2; i++) files[`vms/w${i}.xml`] = domain(`w${i}`);
  const dir = tree(files);
  const cache = join(dir, 'cache');
  const env = { LIBVIRT_XML_LINT_CACHE: cache };
  // Which kinds of cache file exist, each with what tells a rewrite (rename over it) from a reuse.
  const state = () => cacheFileStamps(cache, (f) => f.replace(/-.*/, ''));
  const parallel = () => assert.equal(runCli(['--jobs', '2', 'vms'], dir, env).status, 0);
  parallel();
  const afterFirst = state();
  assert.deepEqual(afterFirst.map((s) => s.split(' ')[0]), ['cliw'], "the worker wrote its cache; the main thread, under the changed flags, did not");
  parallel();
  assert.deepEqual(state(), afterFirst, 'the second parallel run reused the worker cache');
  assert.equal(runCli(['one.xml'], dir, env).status, 0);
  const both = state();
  assert.deepEqual(both.map((s) => s.split(' ')[0]), ['cli', 'cliw']);
  parallel();
  assert.equal(runCli(['one.xml'], dir, env).status, 0);
  assert.deepEqual(state(), both, 'neither kind of run made the other rewrite its cache');
  rmSync(dir, { recursive: true, force: true });
});


test('--host checks (CPU and pinning) run the same on worker threads', () => {
  const files: Record<string, string> = { 'caps.xml': readFileSync(repoFile('test/robustness/fuzzCorpus/capabilities.xml'), 'utf8') };
  for (let i = 0; i < filesPerWorker * 2; i++) {
    files[`vms/p${String(i).padStart(2, '0')}.xml`] = domain(`p${i}`).replace('<vcpu>2</vcpu>', "<vcpu placement='static'>2</vcpu>\n  <cputune><vcpupin vcpu='0' cpuset='400'/></cputune>");
  }
  const dir = tree(files);
  const one = runCli(['--jobs', '1', '--host', 'caps.xml', 'vms'], dir);
  const two = runCli(['--jobs', '2', '--host', 'caps.xml', 'vms'], dir);
  assert.equal(one.status, 0, one.stderr);
  assert.equal(two.stdout, one.stdout);
  assert.equal((one.stdout.match(/host-cpu-missing/g) ?? []).length, filesPerWorker * 2);
});

test('a reader that goes away (`| head`) ends the run quietly, without a stack trace', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 400; i++) files[`vms/d${i}.xml`] = domain(`d${i}`, 'Skylake-Clinet');
  const dir = tree(files);
  const child = spawn(process.execPath, [cliPath, '--jobs', '1', 'vms'], { cwd: dir, env: { ...process.env, LIBVIRT_XML_LINT_CACHE: 'off' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  // Like `head -1`: read a little, then close the pipe.
  child.stdout.once('data', () => child.stdout.destroy());
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  assert.equal(stderr, '');
  assert.ok(status === 0 || status === 1, `exit status ${status}`);
  rmSync(dir, { recursive: true, force: true });
});
