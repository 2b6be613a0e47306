/**
 * Prices and quantities inside the simulators are integers counted in units of 10^-decimals
 * (exact, cheap); they become decimal strings only at the edge.
 */
import { decimalsOf } from '../../model/money.js';

/** Integer `units` (scaled by 10^decimals) as a plain decimal string with exactly `decimals` places. */
export function formatUnits(units: number, decimals: number): string {
  const negative = units < 0;
  const digits = Math.round(Math.abs(units)).toString();
  if (digits.includes('e')) throw new RangeError(`value too large to format exactly: ${units}`);
  let text: string;
  if (decimals === 0) text = digits;
  else {
    const padded = digits.padStart(decimals + 1, '0');
    text = `${padded.slice(0, padded.length - decimals)}.${padded.slice(padded.length - decimals)}`;
  }
  return negative && digits !== '0' ? `-${text}` : text;
}

/** A float amount as a plain decimal string rounded to `decimals` places (for approximate figures like quote volume). */
export function formatFloat(value: number, decimals: number): string {
  return formatUnits(Math.round(value * 10 ** decimals), decimals);
}

/** A decimal step like "0.01" as integer units of 10^-decimals (1 here, with decimals 2). */
export function stepUnits(step: string, decimals: number): number {
  return parseUnits(step, decimals);
}

/** Parse a plain decimal string into integer units of 10^-decimals, exactly (digits beyond `decimals` are truncated). */
export function parseUnits(text: string, decimals: number): number {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const dot = body.indexOf('.');
  const whole = dot === -1 ? body : body.slice(0, dot);
  const fraction = dot === -1 ? '' : body.slice(dot + 1);
  const value = Number((whole || '0') + fraction.slice(0, decimals).padEnd(decimals, '0'));
  return negative ? -value : value;
}

/** Decimal places a step needs, e.g. 2 for "0.01", 0 for "1". */
export function decimalsFor(step: string): number {
  return decimalsOf(step);
}
