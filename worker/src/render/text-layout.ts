/**
 * Fits text into an element's box: wraps at spaces (breaking words that are wider than the box),
 * shrinks down to the minimum size, or clips; adds an ellipsis when text still does not fit.
 * Measures with the same TTF the outputs draw with.
 */
import type { TextElement } from '@tagwright/shared';
import type { Box, TextItem } from './drawing.ts';
import { type LoadedFont, loadFont, PT_TO_MM } from './fonts.ts';

const ELLIPSIS = '…';

/** Greedy line breaking at spaces; a word wider than the box is broken between characters. */
function wrapLines(font: LoadedFont, text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.width(candidate) <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      let rest = word;
      while (font.width(rest) > maxWidth && rest.length > 1) {
        let cut = rest.length - 1;
        while (cut > 1 && font.width(rest.slice(0, cut)) > maxWidth) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

/** Cuts `text` so that it plus an ellipsis fits `maxWidth` (at size 1). */
function withEllipsis(font: LoadedFont, text: string, maxWidth: number): string {
  if (font.width(text) <= maxWidth) return text;
  let end = text.length;
  while (end > 0 && font.width(`${text.slice(0, end).trimEnd()}${ELLIPSIS}`) > maxWidth) end--;
  return `${text.slice(0, end).trimEnd()}${ELLIPSIS}`;
}

interface Fitted {
  lines: string[];
  size: number;
}

function fit(element: TextElement, font: LoadedFont, text: string, box: Box): Fitted {
  const start = element.fontSize * PT_TO_MM;
  const min = Math.min(element.minFontSize, element.fontSize) * PT_TO_MM;
  const glyphHeight = font.ascent + font.descent;
  /** How many lines fit the box's height at `size` (0 when not even one does). */
  const capacity = (size: number) => Math.max(0, Math.floor((box.height - glyphHeight * size) / (size * element.lineHeight) + 1 + 1e-9));
  /** Keeps the lines that fit at `size`, the last one ending in an ellipsis when some were cut. */
  const keep = (lines: string[], size: number) => {
    const kept = lines.slice(0, Math.max(1, capacity(size)));
    const last = kept.length - 1;
    if (kept.length < lines.length) kept[last] = withEllipsis(font, `${kept[last]} ${lines[last + 1] ?? ''}`, box.width / size);
    return kept;
  };
  /** Below the minimum only when one line at the minimum is taller than the box: smaller beats spilling out. */
  const atLeastOneLine = (size: number) => Math.min(size, box.height / glyphHeight);
  if (element.fit === 'shrink') {
    const lines = text.split(/\r?\n/);
    const widest = Math.max(...lines.map((l) => font.width(l)), 1e-9);
    const byWidth = box.width / widest;
    const byHeight = box.height / ((lines.length - 1) * element.lineHeight + glyphHeight);
    const size = atLeastOneLine(Math.max(min, Math.min(start, byWidth, byHeight)));
    return { lines: keep(lines, size).map((l) => withEllipsis(font, l, box.width / size)), size };
  }
  if (element.fit === 'clip') {
    const size = atLeastOneLine(start);
    return { lines: wrapLines(font, text, box.width / size).slice(0, Math.max(1, capacity(size))), size };
  }
  // wrap: the largest size from the element's down to its minimum whose lines all fit the box
  for (let size = start; size >= min - 1e-9; size -= 0.25 * PT_TO_MM) {
    const lines = wrapLines(font, text, box.width / size);
    if (lines.length <= capacity(size)) return { lines, size };
  }
  const size = atLeastOneLine(min);
  return { lines: keep(wrapLines(font, text, box.width / size), size), size };
}

/** Lays out one text element's already-bound text in its box. */
export function layoutText(element: TextElement, text: string, box: Box = element): TextItem {
  const font = loadFont(element.font, element.fontWeight);
  const { lines, size } = fit(element, font, text, box);
  const advance = size * element.lineHeight;
  const blockHeight = (lines.length - 1) * advance + (font.ascent + font.descent) * size;
  const free = box.height - blockHeight;
  const top = box.y + (element.verticalAlign === 'middle' ? free / 2 : element.verticalAlign === 'bottom' ? free : 0);
  return {
    kind: 'text',
    font,
    size,
    color: element.color,
    clip: { x: box.x, y: box.y, width: box.width, height: box.height },
    lines: lines.map((line, i) => {
      const width = font.width(line) * size;
      const x =
        element.align === 'center' ? box.x + (box.width - width) / 2 : element.align === 'right' ? box.x + box.width - width : box.x;
      return { text: line, x, y: top + font.ascent * size + i * advance, width };
    }),
  };
}
