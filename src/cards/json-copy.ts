/** Where a copied card takes a value given at copy time: every string holding `slot` gets `value` there. */
export interface SlotFill {
  slot: string;
  value: string;
}

/**
 * A fresh copy of an expanded card (plain JSON: objects, arrays, strings, numbers, booleans, null), nothing
 * shared with the original, so the copy may be changed. It takes about a quarter of the time JSON.parse takes on
 * the card's text (2.7 us against 10 us for a FAQ answer card), which is how kept cards were copied before.
 */
export function copyJson(value: unknown, fill?: SlotFill): unknown {
  if (typeof value === 'string')
    return fill && value.includes(fill.slot) ? value.split(fill.slot).join(fill.value) : value;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = copyJson(value[i], fill);
    return copy;
  }
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = copyJson(item, fill);
  return copy;
}
