/**
 * Exact comparison of decimal strings without big.js, for the risk check's hot path.
 * Accepts what src/model/money.ts calls a Decimal: optional '-', digits, optional '.digits'.
 * Comparing digit strings is exact and costs a few dozen nanoseconds; a big.js parse costs ~1 µs.
 */
import type { Decimal } from '../model/money.js';

export function compareDecimal(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const negA = a.charCodeAt(0) === 45;
  const negB = b.charCodeAt(0) === 45;
  const ma = negA ? a.slice(1) : a;
  const mb = negB ? b.slice(1) : b;
  const zeroA = isZeroMagnitude(ma);
  const zeroB = isZeroMagnitude(mb);
  const signA = zeroA ? 0 : negA ? -1 : 1;
  const signB = zeroB ? 0 : negB ? -1 : 1;
  if (signA !== signB) return signA < signB ? -1 : 1;
  if (signA === 0) return 0;
  const magnitude = compareMagnitude(ma, mb);
  return (signA < 0 ? -magnitude : magnitude) as -1 | 0 | 1;
}

function isZeroMagnitude(m: string): boolean {
  for (let i = 0; i < m.length; i++) {
    const c = m.charCodeAt(i);
    if (c !== 48 && c !== 46) return false;
  }
  return true;
}

function compareMagnitude(a: string, b: string): -1 | 0 | 1 {
  let dotA = a.indexOf('.');
  let dotB = b.indexOf('.');
  if (dotA === -1) dotA = a.length;
  if (dotB === -1) dotB = b.length;
  let startA = 0;
  let startB = 0;
  while (startA < dotA - 1 && a.charCodeAt(startA) === 48) startA++;
  while (startB < dotB - 1 && b.charCodeAt(startB) === 48) startB++;
  const intLenA = dotA - startA;
  const intLenB = dotB - startB;
  if (intLenA !== intLenB) return intLenA < intLenB ? -1 : 1;
  for (let i = 0; i < intLenA; i++) {
    const ca = a.charCodeAt(startA + i);
    const cb = b.charCodeAt(startB + i);
    if (ca !== cb) return ca < cb ? -1 : 1;
  }
  const fracLen = Math.max(a.length - dotA - 1, b.length - dotB - 1);
  for (let i = 0; i < fracLen; i++) {
    const ca = fractionDigit(a, dotA + 1 + i);
    const cb = fractionDigit(b, dotB + 1 + i);
    if (ca !== cb) return ca < cb ? -1 : 1;
  }
  return 0;
}

function fractionDigit(s: string, index: number): number {
  return index < s.length ? s.charCodeAt(index) : 48;
}
