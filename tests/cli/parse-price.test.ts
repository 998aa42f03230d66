/** `tagwright parse-price`: stdin lines in, one JSON line out per input, as a user checking the parser on a price list would run it. */
import { spawnSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { cliPath } from './run-cli.ts';

function parsePrices(input: string, args: string[] = []) {
  const run = spawnSync(process.execPath, [cliPath, 'parse-price', ...args], { input, encoding: 'utf8' });
  return {
    status: run.status,
    lines: run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>),
    stderr: run.stderr,
  };
}

test('plain lines: one result per line, in order, nulls where there is no price', () => {
  const { status, lines } = parsePrices('$12.99\n1 234,56 zł\n2 499 руб.\nSold out\n');
  expect(status).toBe(0);
  expect(lines).toEqual([
    { amount: '12.99', currency: 'USD' },
    { amount: '1234.56', currency: 'PLN' },
    { amount: '2499.00', currency: 'RUB' },
    { amount: null, currency: null },
  ]);
});

test('--json lines with a currency hint; a broken line is reported on its own line and the exit code says so', () => {
  const { status, lines } = parsePrices('{"text":"199 kr","currency_hint":"SEK"}\n{"text":"12,50"}\nnot json\n', ['--json']);
  expect(lines[0]).toEqual({ amount: '199.00', currency: 'SEK' });
  expect(lines[1]).toEqual({ amount: '12.50', currency: null });
  expect(lines[2]).toMatchObject({ amount: null, currency: null });
  expect(String(lines[2]?.error)).toMatch(/not a \{"text": …\} line/);
  expect(status).toBe(1);
});
