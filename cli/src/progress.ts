/** A progress line on stderr: redrawn in place on a terminal (at most 5 times a second), plain lines otherwise. */
export interface ProgressLine {
  update(text: string, force?: boolean): void;
  done(): void;
}

export function progressLine(): ProgressLine {
  const tty = Boolean(process.stderr.isTTY);
  let last = 0;
  let shown = '';
  return {
    update(text, force = false) {
      if (text === shown || (!force && Date.now() - last < 200)) return;
      last = Date.now();
      shown = text;
      if (tty) process.stderr.write(`\r${text}\x1b[K`);
      else console.error(text);
    },
    done() {
      if (tty && shown) process.stderr.write('\n');
      shown = '';
    },
  };
}

/** "[########------------] 40%" */
export function bar(percent: number, width = 20): string {
  const filled = Math.round((Math.max(0, Math.min(100, percent)) / 100) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(percent)).padStart(3)}%`;
}
