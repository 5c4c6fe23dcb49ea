import { pickColumns, resolveColumns } from '../../../src/services/directory-import/directory-columns';
import { DirectoryFileError } from '../../../src/services/directory-import/directory-file-error';

describe('directory header', () => {
  it('when headers differ in case, spaces or underscores, then they still match the columns', () => {
    const layout = resolveColumns([
      'UPN',
      'Display Name',
      'aad_object_id',
      'Organisation',
      'org-unit',
      'Role',
      'ATP',
    ]);
    const row = pickColumns(layout, ['a@b.example', 'A B', 'id', 'Org', 'Unit', 'staff', 'no']);
    expect(row).toEqual({
      upn: 'a@b.example',
      displayName: 'A B',
      aadObjectId: 'id',
      organisation: 'Org',
      orgUnit: 'Unit',
      role: 'staff',
      atp: 'no',
    });
  });

  it('when the header has extra columns, then they are listed as ignored', () => {
    const layout = resolveColumns([
      'upn',
      'displayName',
      'aadObjectId',
      'organisation',
      'orgUnit',
      'role',
      'atp',
      'jobTitle',
    ]);
    expect(layout.ignored).toEqual(['jobTitle']);
  });

  it('when required columns are missing, then the error names them', () => {
    expect(() => resolveColumns(['upn', 'displayName', 'organisation'])).toThrow(
      /missing columns aadObjectId, orgUnit, role, atp/,
    );
    expect(() => resolveColumns(['upn'])).toThrow(DirectoryFileError);
  });

  it('when a column appears twice, then the header is refused', () => {
    expect(() =>
      resolveColumns(['upn', 'UPN', 'displayName', 'aadObjectId', 'organisation', 'orgUnit', 'role', 'atp']),
    ).toThrow(/"upn" appears twice/);
  });
});
