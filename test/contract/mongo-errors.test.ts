import {
  MongoNetworkError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import { mapMongoError } from '../../src/adapters/mongo/mongo-errors';
import { DuplicateKeyError, StoreUnavailableError } from '../../src/errors';

const serverError = (fields: Record<string, unknown>) => new MongoServerError({ errmsg: 'x', ...fields });

describe('mapMongoError', () => {
  it('when MongoDB reports E11000 with a key pattern, then DuplicateKeyError names the fields', () => {
    const mapped = mapMongoError(serverError({ code: 11000, keyPattern: { upn: 1 } }));
    expect(mapped).toBeInstanceOf(DuplicateKeyError);
    expect((mapped as DuplicateKeyError).key).toBe('upn');
  });

  it('when only the message names the index, then the fields come from the index name', () => {
    const mapped = mapMongoError(
      serverError({
        code: 11000,
        errmsg: 'E11000 duplicate key error collection: db.staff index: organisation_1_orgUnit_-1 dup key',
      }),
    );
    expect((mapped as DuplicateKeyError).key).toBe('organisation,orgUnit');
  });

  it.each([
    [
      'MongoDB or Cosmos DB (code 11000)',
      { code: 11000, errmsg: 'E11000 duplicate key error collection: db.staff' },
    ],
    ['an older MongoDB update (code 11001)', { code: 11001, errmsg: 'E11001 duplicate key on update' }],
    [
      "FerretDB on SQLite (InternalError with SQLite's text)",
      { code: 1, errmsg: "constraint failed: UNIQUE constraint failed: index 'x_1'" },
    ],
    [
      "FerretDB on PostgreSQL (InternalError with PostgreSQL's text)",
      {
        code: 1,
        errmsg:
          'ERROR: duplicate key value violates unique constraint "things_4b3c_key_1_idx" (SQLSTATE 23505)',
      },
    ],
  ])('when %s reports a unique-index violation, then it is a DuplicateKeyError', (_server, fields) => {
    const mapped = mapMongoError(serverError(fields));
    expect(mapped).toBeInstanceOf(DuplicateKeyError);
  });

  it.each([
    ['a network error', new MongoNetworkError('connection reset')],
    ['no server within the selection timeout', new MongoServerSelectionError('timed out', {} as never)],
    ['a closed client', new MongoTopologyClosedError()],
    ['a server shutting down', serverError({ code: 91 })],
    ['a primary stepping down', serverError({ code: 189 })],
  ])('when the driver reports %s, then it is StoreUnavailableError', (_what, err) => {
    const mapped = mapMongoError(err);
    expect(mapped).toBeInstanceOf(StoreUnavailableError);
    expect((mapped as StoreUnavailableError).userMessage).toMatch(/can't reach my records/);
  });

  it('when the error is anything else (a bug, a bad query), then it passes through unchanged', () => {
    const bug = serverError({ code: 2, errmsg: 'unknown operator: $foo' });
    expect(mapMongoError(bug)).toBe(bug);
    const plain = new TypeError('x');
    expect(mapMongoError(plain)).toBe(plain);
  });
});
