import type { IndexSpec } from '../../src/ports/document-store';
import { indexSorts, isServed, shapeKey, shapeOf } from '../../src/adapters/store/query-shapes';

const STAFF: IndexSpec[] = [
  { fields: { aadObjectId: 1 }, unique: true },
  { fields: { upn: 1 }, unique: true },
  { fields: { organisation: 1, orgUnit: 1 } },
];

describe('query shapes checked against declared indexes', () => {
  it('when a lookup pins the first field of an index, then it is served', () => {
    expect(isServed(shapeOf('staff', 'find', { aadObjectId: 'a', version: 3 }), STAFF)).toBe(true);
    expect(isServed(shapeOf('staff', 'find', { organisation: { $in: ['X'] }, orgUnit: 'U' }), STAFF)).toBe(
      true,
    );
  });

  it('when a query filters only on a field that is not first in any index, then it is not served', () => {
    expect(isServed(shapeOf('staff', 'find', { orgUnit: 'U' }), STAFF)).toBe(false);
    expect(isServed(shapeOf('staff', 'find', { role: 'admin' }, { upn: 1 }), STAFF)).toBe(false);
  });

  it('when a listing has no filter, then only an index giving its sort serves it', () => {
    expect(isServed(shapeOf('staff', 'find', {}, { upn: 1 }), STAFF)).toBe(true);
    expect(isServed(shapeOf('staff', 'find', {}, { upn: -1 }), STAFF)).toBe(true);
    expect(isServed(shapeOf('staff', 'find', {}, { displayName: 1 }), STAFF)).toBe(false);
    expect(isServed(shapeOf('staff', 'find', {}), STAFF)).toBe(false);
  });

  it('when a range bounds the first field of an index, then it is served', () => {
    const shape = shapeOf('x', 'find', { at: { $lt: new Date() } });
    expect(shape.range).toEqual(['at']);
    expect(isServed(shape, [{ fields: { at: 1 } }])).toBe(true);
  });

  it('when an $or has a clause no index serves, then the query is not served', () => {
    const pattern = { $regex: 'ann', $options: 'i' as const };
    const shape = shapeOf('staff', 'find', { $or: [{ upn: pattern }, { displayName: pattern }] }, { upn: 1 });
    expect(isServed(shape, STAFF)).toBe(false);
    expect(isServed(shape, [...STAFF, { fields: { displayName: 1 } }])).toBe(true);
    expect(shapeKey(shape)).toBe(
      'staff.find $or[{} range {upn} sort {upn:1} | {} range {displayName} sort {upn:1}]',
    );
  });

  it('when the index holds the sort after the pinned fields, then it gives the order (either direction)', () => {
    const audit: IndexSpec = { fields: { target: 1, at: -1, seq: -1 } };
    expect(indexSorts(audit, shapeOf('auditLog', 'find', { target: 't' }, { at: -1, seq: -1 }))).toBe(true);
    expect(indexSorts(audit, shapeOf('auditLog', 'find', { target: 't' }, { at: 1, seq: 1 }))).toBe(true);
    expect(indexSorts(audit, shapeOf('auditLog', 'find', { target: 't' }, { at: -1, id: 1 }))).toBe(false);
  });

  it('when a query filters on _id, then it is served without any declared index', () => {
    expect(isServed(shapeOf('x', 'find', { _id: 'a' }), [])).toBe(true);
  });
});
