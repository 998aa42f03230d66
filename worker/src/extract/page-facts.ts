/** What the in-page collector reads off a rendered product page, for the Node side to interpret. */
import type { Box } from './types.ts';

export interface MicrodataItem {
  type: string;
  /** itemprop → values (content/href/src attribute or text), nested items flattened with dots ("offers.price"). */
  props: Record<string, string[]>;
}

export interface PriceElement {
  text: string;
  box: Box;
  selector: string;
  fontSize: number;
  /** Struck through (del, s, strike, line-through) or classed as an old price (old, was, regular, compare…). */
  old: boolean;
  /** Its class, id or itemprop says price. */
  labelled: boolean;
  /** Currency text found near it (e.g. in a sibling), for prices split across elements. */
  currencyNearby: string | null;
}

export interface LabelledValue {
  label: string;
  value: string;
  selector: string;
}

export interface PageFacts {
  url: string;
  title: string;
  headings: { text: string; box: Box; selector: string }[];
  jsonLd: string[];
  microdata: MicrodataItem[];
  meta: { key: string; content: string }[];
  prices: PriceElement[];
  /** Label/value pairs from tables, definition lists and "Label: value" lines (SKU, EAN, …). */
  labelled: LabelledValue[];
  /** Short visible texts that state stock ("In stock", "Ausverkauft"…). */
  stockTexts: { text: string; selector: string }[];
  /** Images in the product area that may carry text (a price written into a picture), nearest the top first. */
  images: { box: Box; selector: string }[];
  viewport: { width: number; height: number };
}
