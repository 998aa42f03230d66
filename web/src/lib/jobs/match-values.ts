/** Values in the checks table as people read them: a spreadsheet price "6.7500" (numeric(14,4)) shows as "6.75". */

export function displayValue(field: string, value: string | null): string {
  if (value === null || value === '') return '—';
  if (field === 'price' && /^\d+\.\d+$/.test(value)) {
    const [whole, fraction = ''] = value.split('.');
    const trimmed = fraction.replace(/0+$/, '');
    return `${whole}.${trimmed.padEnd(2, '0')}`;
  }
  return value;
}
