import { AppError } from '../../errors';
import { isPlainObject } from './document-values';

/**
 * Guards values that came from users before they reach a query or an update: an object whose keys start
 * with `$` (an operator such as {"$gt": ""}) or contain `.` (a path) is refused, at any depth.
 * Dates, numbers, strings, booleans, null and arrays of safe values pass.
 */
export function assertSafeValue(value: unknown, path = 'value'): void {
  if (Array.isArray(value)) {
    value.forEach((v: unknown, i) => assertSafeValue(v, `${path}[${i}]`));
    return;
  }
  if (value === null || typeof value !== 'object' || value instanceof Date) return;
  if (!isPlainObject(value)) throw new AppError('VALIDATION', `${path} is not a plain value`);
  for (const [key, v] of Object.entries(value)) {
    if (key.startsWith('$') || key.includes('.')) {
      throw new AppError('VALIDATION', `${path} has a key that is not allowed`);
    }
    assertSafeValue(v, `${path}.${key}`);
  }
}

/** True for a non-empty string: what a lookup by UPN, id or name must receive (anything else finds nothing). */
export function isLookupText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}
