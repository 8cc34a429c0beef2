import PRICE_TABLE from './prices.json';

/** One band of a tiered price: `usd` per unit up to `upTo` units a month (cumulative); the last band has no end. */
export interface PriceBand {
  readonly upTo?: number;
  readonly usd: number;
}

export interface PriceEntry {
  readonly unit: string;
  /** Region -> price; `*` when the page gives one figure for every commercial region. */
  readonly regions: Readonly<Record<string, number | readonly PriceBand[]>>;
  /** The region whose figure stands in for regions not listed. @default - none: unlisted regions have no price */
  readonly standIn?: string;
  /** The AWS pricing page the price belongs to. */
  readonly source: string;
  /** What the source showed when the price was last checked, or that it could not be confirmed. */
  readonly checked: string;
}

export interface PriceTable {
  /** The day the figures were last compared with their sources (YYYY-MM-DD). */
  readonly retrieved: string;
  readonly currency: string;
  readonly prices: Readonly<Record<string, PriceEntry>>;
}

/** The dated price table the repository ships (lib/cost/prices.json). */
export const PRICES: PriceTable = PRICE_TABLE as PriceTable;

/** A price found for a region, or why there is none. */
export type PriceLookup =
  | { readonly found: true; readonly value: number | readonly PriceBand[]; readonly note?: string }
  | { readonly found: false; readonly note: string };

/** The price of `key` in `region`: its own, the page's single figure, a named stand-in, or a note saying there is none. */
export function priceIn(table: PriceTable, key: string, region: string): PriceLookup {
  const entry = table.prices[key];
  if (!entry) throw new Error(`no price ${key} in the price table`);
  const own = entry.regions[region] ?? entry.regions['*'];
  if (own !== undefined) return { found: true, value: own };
  const standIn = entry.standIn !== undefined ? entry.regions[entry.standIn] : undefined;
  if (standIn !== undefined) {
    return {
      found: true,
      value: standIn,
      note: `${key}: no ${region} price in the table, the ${entry.standIn} figure stands in`,
    };
  }
  return {
    found: false,
    note: `${key}: no ${region} price in lib/cost/prices.json (retrieved ${table.retrieved}); left out of the total`,
  };
}

/** The cost of `quantity` units under a flat or tiered price. */
export function charge(value: number | readonly PriceBand[], quantity: number): number {
  if (typeof value === 'number') return value * quantity;
  let cost = 0;
  let from = 0;
  for (const band of value) {
    const to = band.upTo ?? Infinity;
    cost += Math.max(0, Math.min(quantity, to) - from) * band.usd;
    if (quantity <= to) break;
    from = to;
  }
  return cost;
}

/** Prices whose `checked` note says the figure could not be confirmed against its page. */
export function unconfirmedPrices(table: PriceTable): string[] {
  return Object.entries(table.prices)
    .filter(([, entry]) => /not confirmed|not on the stored page|no stored copy/.test(entry.checked))
    .map(([key]) => key);
}
