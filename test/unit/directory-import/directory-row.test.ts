import { parseDirectoryRow } from '../../../src/services/directory-import/directory-row';

const valid = {
  upn: ' Jane.Doe@Northbridge.nhs.example ',
  displayName: 'Jane Doe',
  aadObjectId: '4F1E9C2A-1B2C-4D3E-8F90-123456789ABC',
  organisation: 'Northbridge Valley NHS Trust',
  orgUnit: 'Pharmacy',
  role: 'staff',
  atp: 'no',
};

describe('directory row validation', () => {
  it('when a row is valid, then UPN and object id are normalised to lower case', () => {
    const result = parseDirectoryRow(valid);
    expect(result).toEqual({
      ok: true,
      record: {
        upn: 'jane.doe@northbridge.nhs.example',
        displayName: 'Jane Doe',
        aadObjectId: '4f1e9c2a-1b2c-4d3e-8f90-123456789abc',
        organisation: 'Northbridge Valley NHS Trust',
        orgUnit: 'Pharmacy',
        role: 'staff',
        atp: false,
      },
    });
  });

  it.each([
    ['true', true],
    ['YES', true],
    ['1', true],
    ['false', false],
    ['No', false],
    ['0', false],
  ])('when atp is "%s", then it reads as %s', (atp, expected) => {
    const result = parseDirectoryRow({ ...valid, atp });
    expect(result.ok && result.record.atp).toBe(expected);
  });

  it('when the role is written in another case, then it maps to the canonical role', () => {
    const result = parseDirectoryRow({ ...valid, role: 'LOCALADMIN' });
    expect(result.ok && result.record.role).toBe('localAdmin');
  });

  it('when the object id is one of the Agents Playground mock ids, then it is accepted', () => {
    const result = parseDirectoryRow({ ...valid, aadObjectId: '00000000-0000-0000-0000-0000000000020' });
    expect(result.ok).toBe(true);
  });

  it('when a UK mobile is written in local form, then it is stored in E.164', () => {
    const result = parseDirectoryRow({ ...valid, mobile: '(07700) 000 123' });
    expect(result.ok && result.record.mobile).toBe('+447700000123');
  });

  it('when an organisation code is given in any case, then it is kept in upper case; a code with spaces or symbols is refused', () => {
    const result = parseDirectoryRow({ ...valid, orgCode: ' rx1 ' });
    expect(result.ok && result.record.organisationCode).toBe('RX1');
    const bad = parseDirectoryRow({ ...valid, orgCode: 'R X-1' });
    expect(bad).toEqual({ ok: false, reason: 'orgCode must be 2 to 10 letters or digits' });
    const none = parseDirectoryRow({ ...valid, orgCode: '' });
    expect(none.ok && 'organisationCode' in none.record).toBe(false);
  });

  it('when the mobile cell is empty, then the record has no mobile', () => {
    const result = parseDirectoryRow({ ...valid, mobile: '  ' });
    expect(result.ok && 'mobile' in result.record).toBe(false);
  });

  it('when the mobile is a landline, then the row is rejected without echoing the number', () => {
    const result = parseDirectoryRow({ ...valid, mobile: '020 7946 0018' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toMatch(/^mobile is not a valid mobile number/);
      expect(result.reason).not.toMatch(/7946|0018/);
    }
  });

  it('when the Ofcom drama range number is given, then it is refused as not a valid mobile', () => {
    const result = parseDirectoryRow({ ...valid, mobile: '07700 900123' });
    expect(result.ok).toBe(false);
  });

  it('when several columns are wrong, then the reason names each of them', () => {
    const result = parseDirectoryRow({
      ...valid,
      upn: 'not-an-upn',
      role: 'boss',
      atp: 'maybe',
      aadObjectId: '123',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toContain('upn is not a user principal name');
      expect(result.reason).toContain('aadObjectId is not an Entra object id');
      expect(result.reason).toContain('role is not one of staff, helpdesk, localAdmin, globalAdmin');
      expect(result.reason).toContain('atp must be true/false, yes/no or 1/0');
    }
  });

  it('when the display name is blank or a cell is missing, then the row is rejected', () => {
    const blank = parseDirectoryRow({ ...valid, displayName: '   ' });
    expect(!blank.ok && blank.reason).toBe('displayName is empty');
    const missing = parseDirectoryRow({ ...valid, orgUnit: undefined });
    expect(!missing.ok && missing.reason).toBe('orgUnit is missing');
  });
});
