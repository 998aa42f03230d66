/** Check values as people read them. */
import { describe, expect, test } from 'vitest';
import { displayValue } from './match-values.ts';

describe('check values', () => {
  test('prices without numeric(14,4) zeros, other values as they are', () => {
    expect(displayValue('price', '6.7500')).toBe('6.75');
    expect(displayValue('price', '12.0000')).toBe('12.00');
    expect(displayValue('price', '0.1250')).toBe('0.125');
    expect(displayValue('name', '6.7500')).toBe('6.7500');
    expect(displayValue('gtin', null)).toBe('—');
  });
});
