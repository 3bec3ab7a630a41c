// Standard output and error for the CLI, written with fs.writeSync instead of
// process.stdout/process.stderr: merely touching those loads node's stream
// machinery, a few milliseconds of a one-file run that `node -e 0` never pays.
// A pipe that would block (EAGAIN) hands that descriptor over to node's stream
// for the rest of the run, so output keeps its order. A reader that went away
// (EPIPE on stdout, as with `| head`) ends the run quietly, like other tools.

import { writeSync } from 'node:fs';

/** Where a command writes: standard output and error, or a test's buffers. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const streamed = new Set<number>();

function streamOf(fd: 1 | 2): NodeJS.WriteStream {
  const stream = fd === 1 ? process.stdout : process.stderr;
  if (!streamed.has(fd)) {
    streamed.add(fd);
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') {
        if (fd === 1) process.exit(process.exitCode ?? 0);
        return;
      }
      throw e;
    });
  }
  return stream;
}

/** Writes all of `text` to descriptor `fd` (1 or 2), in order with everything written before. */
export function writeFd(fd: 1 | 2, text: string): void {
  if (streamed.has(fd)) {
    streamOf(fd).write(text);
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(fd, bytes, done, bytes.length - done);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        streamOf(fd).write(bytes.subarray(done));
        return;
      }
      if (code === 'EPIPE') {
        if (fd === 1) process.exit(process.exitCode ?? 0);
        return;
      }
      throw e;
    }
  }
}

export const stdio: Io = { out: (s) => writeFd(1, s), err: (s) => writeFd(2, s) };
