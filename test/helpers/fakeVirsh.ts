// A stand-in `virsh` for tests: a small Node program that records each call's
// argument vector (and the text of any --file=/--xml= it was given) as one JSON
// line, then answers from a script of canned replies keyed by the command.

import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeReply {
  stdout?: string;
  stderr?: string;
  status?: number;
  /** Sleep this long before answering (for timeouts). */
  sleepMs?: number;
  /** After this reply, these replies replace all of them (a host that changes, e.g. once define ran). */
  next?: Record<string, FakeReply>;
}

export interface FakeVirsh {
  dir: string;
  /** The program to pass as virshPath. */
  path: string;
  /** Every call so far: argv, and the content of the file named by --file= or --xml= when it existed. */
  calls(): Array<{ argv: string[]; file?: string; fileMode?: number; stdin?: string; askpass?: string }>;
  /** Replace the replies: `@URI` (every call on that connection), `command NAME` (the --domain=/--network=/--pool= value), `command ARGS…`, `command`, then `*`. */
  reply(replies: Record<string, FakeReply>): void;
  cleanup(): void;
}

const program = String.raw`
const fs = require('node:fs');
const dir = __DIR__;
const argv = process.argv.slice(2);
const args = argv.filter((a, i) => !(a === '-r') && !(a === '-c') && argv[i - 1] !== '-c');
const command = args[0] || '';
const fileArg = args.find((a) => a.startsWith('--file=') || a.startsWith('--xml='));
const rec = { argv };
if (fileArg) {
  const f = fileArg.slice(fileArg.indexOf('=') + 1);
  try { rec.file = fs.readFileSync(f, 'utf8'); rec.fileMode = fs.statSync(f).mode & 0o777; } catch {}
}
rec.askpass = process.env.SSH_ASKPASS_REQUIRE;
fs.appendFileSync(dir + '/calls.jsonl', JSON.stringify(rec) + '\n');
const replies = JSON.parse(fs.readFileSync(dir + '/replies.json', 'utf8'));
const nameArg = args.find((a) => /^--(domain|network|pool)=/.test(a));
const key = nameArg ? command + ' ' + nameArg.slice(nameArg.indexOf('=') + 1) : command;
const uri = argv[argv.indexOf('-c') + 1];
const r = replies['@' + uri] || replies[key] || replies[command + ' ' + args.slice(1).join(' ')] || replies[command] || replies['*'] || {};
if (r.next) fs.writeFileSync(dir + '/replies.json', JSON.stringify(r.next));
const finish = () => {
  if (r.stdout) process.stdout.write(r.stdout);
  if (r.stderr) process.stderr.write(r.stderr);
  process.exitCode = r.status || 0;
};
if (r.sleepMs) setTimeout(finish, r.sleepMs); else finish();
`;

export function fakeVirsh(replies: Record<string, FakeReply> = {}): FakeVirsh {
  const dir = mkdtempSync(join(tmpdir(), 'fake-virsh-'));
  const path = join(dir, 'virsh');
  writeFileSync(path, `#!${process.execPath}\n${program.replace('__DIR__', JSON.stringify(dir))}`);
  chmodSync(path, 0o755);
  const fake: FakeVirsh = {
    dir,
    path,
    calls: () => {
      const file = join(dir, 'calls.jsonl');
      if (!existsSync(file)) return [];
      return readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
    },
    reply: (r) => writeFileSync(join(dir, 'replies.json'), JSON.stringify(r)),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
  fake.reply(replies);
  return fake;
}
