/**
 * The fonts labels are drawn with: TTF files shipped in npm packages (Inter, DejaVu), opened once
 * with fontkit: advances to measure text, outlines to draw it on pixels; pdfkit embeds the same files.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { fontFamilies } from '@tagwright/shared';
import * as fontkit from 'fontkit';

export type FontFamily = (typeof fontFamilies)[number];
export type FontWeight = 'normal' | 'bold';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

function fontFile(family: FontFamily, weight: FontWeight): string {
  const bold = weight === 'bold';
  switch (family) {
    case 'Inter':
      return path.join(packageDir('@expo-google-fonts/inter'), bold ? '700Bold/Inter_700Bold.ttf' : '400Regular/Inter_400Regular.ttf');
    case 'DejaVu Sans':
      return path.join(packageDir('dejavu-fonts-ttf'), 'ttf', bold ? 'DejaVuSans-Bold.ttf' : 'DejaVuSans.ttf');
    case 'DejaVu Sans Mono':
      return path.join(packageDir('dejavu-fonts-ttf'), 'ttf', bold ? 'DejaVuSansMono-Bold.ttf' : 'DejaVuSansMono.ttf');
    case 'DejaVu Serif':
      return path.join(packageDir('dejavu-fonts-ttf'), 'ttf', bold ? 'DejaVuSerif-Bold.ttf' : 'DejaVuSerif.ttf');
  }
}

export interface Glyph {
  /** Unique per font and glyph: usable as an SVG id. */
  id: string;
  /** Advance at size 1. */
  advance: number;
  /** Outline as SVG path data at size 1, y pointing down, origin on the baseline ('' for spaces). */
  path: string;
}

export interface LoadedFont {
  family: FontFamily;
  weight: FontWeight;
  file: string;
  /** Ascent and descent as fractions of the font size. */
  ascent: number;
  descent: number;
  /** Width of `text` at size 1 (multiply by the size in any unit): glyph advances, no kerning, as every output draws it. */
  width(text: string): number;
  /** The glyphs `text` is drawn with, in order. */
  glyphs(text: string): Glyph[];
}

const round = (n: number) => Math.round(n * 10000) / 10000;

/** A fontkit outline as SVG path data scaled to size 1 with y flipped (fonts have y up). */
function outline(glyph: fontkit.Glyph, unitsPerEm: number): string {
  const k = 1 / unitsPerEm;
  let d = '';
  for (const { command, args } of glyph.path.commands) {
    const points: number[] = args.map((v: number, i: number) => round(i % 2 === 0 ? v * k : -v * k));
    if (command === 'moveTo') d += `M${points.join(' ')}`;
    else if (command === 'lineTo') d += `L${points.join(' ')}`;
    else if (command === 'quadraticCurveTo') d += `Q${points.join(' ')}`;
    else if (command === 'bezierCurveTo') d += `C${points.join(' ')}`;
    else if (command === 'closePath') d += 'Z';
  }
  return d;
}

const loaded = new Map<string, LoadedFont>();

export function loadFont(family: FontFamily, weight: FontWeight): LoadedFont {
  const key = `${family}/${weight}`;
  const cached = loaded.get(key);
  if (cached) return cached;
  const file = fontFile(family, weight);
  const font = fontkit.openSync(file) as fontkit.Font;
  const byCodePoint = new Map<number, Glyph>();
  const prefix = `${family.replace(/\W/g, '')}${weight === 'bold' ? 'B' : 'R'}`;
  const glyphOf = (codePoint: number): Glyph => {
    let glyph = byCodePoint.get(codePoint);
    if (!glyph) {
      const g = font.glyphForCodePoint(codePoint);
      glyph = { id: `${prefix}${g.id}`, advance: g.advanceWidth / font.unitsPerEm, path: outline(g, font.unitsPerEm) };
      byCodePoint.set(codePoint, glyph);
    }
    return glyph;
  };
  const made: LoadedFont = {
    family,
    weight,
    file,
    ascent: font.ascent / font.unitsPerEm,
    descent: -font.descent / font.unitsPerEm,
    width(text) {
      let width = 0;
      for (const char of text) width += glyphOf(char.codePointAt(0) ?? 32).advance;
      return width;
    },
    glyphs(text) {
      return Array.from(text, (char) => glyphOf(char.codePointAt(0) ?? 32));
    },
  };
  loaded.set(key, made);
  return made;
}

export const PT_TO_MM = 25.4 / 72;
