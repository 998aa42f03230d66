/** The label ids a download asks for: uuids only, de-duplicated, at most MAX_LABELS. */
export const MAX_LABELS = 5000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function labelIds(value: unknown): string[] | string {
  if (!Array.isArray(value) || value.length === 0) return 'Select at least one label.';
  if (value.some((v) => typeof v !== 'string' || !UUID.test(v))) return 'ids must be label ids (uuids).';
  const ids = [...new Set((value as string[]).map((v) => v.toLowerCase()))];
  if (ids.length > MAX_LABELS) return `At most ${MAX_LABELS.toLocaleString('en')} labels at once; filter or select fewer.`;
  return ids;
}
