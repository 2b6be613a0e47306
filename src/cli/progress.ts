/**
 * A progress bar on stderr: redrawn in place on a terminal (at most 10 times a second); on a pipe
 * or a file one plain line per quarter, so logs stay readable.
 */
export class ProgressBar {
  private lastDraw = 0;
  private lastQuarter = -1;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly now: () => number = () => performance.now(),
  ) {}

  update(done: number, total: number): void {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    if (this.stream.isTTY) {
      const t = this.now();
      if (fraction < 1 && t - this.lastDraw < 100) return;
      this.lastDraw = t;
      const width = 30;
      const filled = Math.round(fraction * width);
      this.stream.write(
        `\r${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`,
      );
      return;
    }
    const quarter = Math.floor(fraction * 4);
    if (quarter > this.lastQuarter) {
      this.lastQuarter = quarter;
      this.stream.write(`${this.label}: ${quarter * 25}% (${done}/${total})\n`);
    }
  }

  done(): void {
    if (this.stream.isTTY && this.lastDraw > 0) this.stream.write('\n');
  }
}
