/**
 * The fonts labels are drawn with: TTF files shipped in npm packages (Inter, DejaVu), opened once
 * with fontkit to measure text exactly as resvg and pdfkit will draw it.
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

export interface LoadedFont {
  family: FontFamily;
  weight: FontWeight;
  file: string;
  /** Ascent and descent as fractions of the font size. */
  ascent: number;
  descent: number;
  /** Width of `text` at size 1 (multiply by the size in any unit). */
  width(text: string): number;
}

const loaded = new Map<string, LoadedFont>();

export function loadFont(family: FontFamily, weight: FontWeight): LoadedFont {
  const key = `${family}/${weight}`;
  const cached = loaded.get(key);
  if (cached) return cached;
  const file = fontFile(family, weight);
  const font = fontkit.openSync(file) as fontkit.Font;
  const widths = new Map<string, number>();
  const made: LoadedFont = {
    family,
    weight,
    file,
    ascent: font.ascent / font.unitsPerEm,
    descent: -font.descent / font.unitsPerEm,
    width(text) {
      let width = widths.get(text);
      if (width === undefined) {
        width = font.layout(text).advanceWidth / font.unitsPerEm;
        if (widths.size > 50_000) widths.clear();
        widths.set(text, width);
      }
      return width;
    },
  };
  loaded.set(key, made);
  return made;
}

/** Every TTF file a label may use: resvg gets them all, so it never falls back to a system font. */
export function allFontFiles(): string[] {
  const families: FontFamily[] = ['Inter', 'DejaVu Sans', 'DejaVu Sans Mono', 'DejaVu Serif'];
  return families.flatMap((family) => [fontFile(family, 'normal'), fontFile(family, 'bold')]);
}

export const PT_TO_MM = 25.4 / 72;
