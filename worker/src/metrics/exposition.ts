/**
 * Prometheus text exposition (format 0.0.4), written by hand: gauges with labels and histograms
 * with cumulative buckets, `_sum` and `_count`. Label values are escaped as the format requires.
 */

export type Labels = Record<string, string>;

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '' : `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
}

const number = (value: number) => (Number.isFinite(value) ? String(value) : value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN');

export class Exposition {
  private readonly lines: string[] = [];

  gauge(name: string, help: string, samples: { labels?: Labels; value: number }[]): this {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const s of samples) this.lines.push(`${name}${labelText(s.labels ?? {})} ${number(s.value)}`);
    return this;
  }

  /** One histogram per label set, from raw observations (seconds, bytes…). */
  histogram(name: string, help: string, buckets: number[], series: { labels?: Labels; values: number[] }[]): this {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
    for (const { labels = {}, values } of series) {
      for (const bound of buckets) {
        const count = values.filter((v) => v <= bound).length;
        this.lines.push(`${name}_bucket${labelText({ ...labels, le: String(bound) })} ${count}`);
      }
      this.lines.push(`${name}_bucket${labelText({ ...labels, le: '+Inf' })} ${values.length}`);
      this.lines.push(`${name}_sum${labelText(labels)} ${number(values.reduce((a, b) => a + b, 0))}`);
      this.lines.push(`${name}_count${labelText(labels)} ${values.length}`);
    }
    return this;
  }

  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
