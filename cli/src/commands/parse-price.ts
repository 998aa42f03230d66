/**
 * `tagwright parse-price [--json]`: one price per stdin line in, one JSON line out, so the price
 * parser can be checked on large sets of real price strings. With --json each line is
 * {"text":…,"currency_hint":…}. A line that can't be read gets {"amount":null,"currency":null,"error":…}.
 */
import readline from 'node:readline';
import { parsePrice } from '@tagwright/shared';
import type { Command } from '../main.ts';
import { parseFlags } from '../options.ts';

export const parsePriceCommand: Command = {
  usage: 'parse-price [--json]',
  summary: 'Read prices from stdin, one per line (text, or {"text","currency_hint"} with --json); print {"amount","currency"} per line.',
  async run(args) {
    const { values } = parseFlags(args, { json: { type: 'boolean' } });
    const lines = readline.createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    let bad = 0;
    for await (const line of lines) {
      let text = line;
      let hint: string | null = null;
      if (values.json) {
        if (line.trim() === '') continue;
        try {
          const input = JSON.parse(line) as { text?: unknown; currency_hint?: unknown };
          if (typeof input.text !== 'string') throw new Error('"text" must be a string');
          text = input.text;
          hint = typeof input.currency_hint === 'string' ? input.currency_hint : null;
        } catch (error) {
          bad++;
          console.log(JSON.stringify({ amount: null, currency: null, error: `not a {"text": …} line: ${(error as Error).message}` }));
          continue;
        }
      }
      const { amount, currency } = parsePrice(text, hint);
      console.log(JSON.stringify({ amount, currency }));
    }
    return bad > 0 ? 1 : 0;
  },
};
