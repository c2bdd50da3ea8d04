/**
 * What the CLI shows while it works. On a terminal: the phase, then one status line that is
 * rewritten in place with the latest build output or the bytes read and their rate. Elsewhere (CI
 * logs, pipes): the phase lines only, so logs stay short.
 */
export interface Progress {
  phase(name: string): void;
  output(line: string): void;
  bytes(image: string, total: number): void;
  /** Clears the status line before the summary is printed. */
  done(): void;
}

/** Progress that prints phase lines only. */
export function plainProgress(write: (text: string) => void): Progress {
  return { phase: (name) => write(`==> ${name}\n`), output: () => undefined, bytes: () => undefined, done: () => undefined };
}

/** Progress for a terminal `columns` wide: a status line rewritten in place. */
export function terminalProgress(write: (text: string) => void, columns: number, now: () => number = Date.now): Progress {
  let status = '';
  const reads = new Map<string, { started: number; total: number }>();
  const show = (text: string) => {
    // Control characters from build output would move the cursor: show them as spaces.
    // eslint-disable-next-line no-control-regex
    const clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
    status = clean.length > columns - 1 ? clean.slice(0, columns - 2) + '…' : clean;
    write(`\r\x1b[K${status}`);
  };
  const clear = () => {
    if (status) write('\r\x1b[K');
    status = '';
  };
  return {
    phase(name) {
      clear();
      write(`==> ${name}\n`);
    },
    output(line) {
      show(`    ${line}`);
    },
    bytes(image, total) {
      const read = reads.get(image) ?? { started: now(), total: 0 };
      read.total = total;
      reads.set(image, read);
      const parts = [...reads].map(([name, r]) => {
        const seconds = Math.max((now() - r.started) / 1000, 0.001);
        return `${name} ${megabytes(r.total)} (${megabytes(r.total / seconds)}/s)`;
      });
      show(`    reading ${parts.join(', ')}`);
    },
    done: clear,
  };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
