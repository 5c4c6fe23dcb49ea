import {
  ADMIN_OPERATIONS,
  authorise,
  rolesAllowed,
  type Actor,
  type AdminOperation,
  type Authorisation,
} from '../../../src/domain/permissions';
import type { Role } from '../../../src/domain/staff';

const actor = (role: Role): Actor => ({ aadObjectId: `${role}-id`, role, organisation: 'ORG-A' });
const own = { aadObjectId: 'someone', organisation: 'ORG-A' };
const other = { aadObjectId: 'someone-else', organisation: 'ORG-B' };

// The permission matrix as a table: Y = any organisation, O = own organisation only, - = refused.
const MATRIX: Record<AdminOperation, Record<Role, 'Y' | 'O' | '-'>> = {
  status: { globalAdmin: 'Y', localAdmin: 'O', helpdesk: 'Y', staff: '-' },
  audit: { globalAdmin: 'Y', localAdmin: 'O', helpdesk: 'Y', staff: '-' },
  tickets: { globalAdmin: 'Y', localAdmin: 'O', helpdesk: 'Y', staff: '-' },
  exception24h: { globalAdmin: 'Y', localAdmin: 'O', helpdesk: 'Y', staff: '-' },
  exception180d: { globalAdmin: 'Y', localAdmin: 'O', helpdesk: '-', staff: '-' },
  revokeException: { globalAdmin: 'Y', localAdmin: 'O', helpdesk: '-', staff: '-' },
  enable: { globalAdmin: 'Y', localAdmin: 'O', helpdesk: '-', staff: '-' },
  disable: { globalAdmin: 'Y', localAdmin: 'O', helpdesk: '-', staff: '-' },
  reenrol: { globalAdmin: 'Y', localAdmin: 'O', helpdesk: '-', staff: '-' },
  compromised: { globalAdmin: 'Y', localAdmin: 'O', helpdesk: '-', staff: '-' },
  bulkEnable: { globalAdmin: 'Y', localAdmin: 'O', helpdesk: '-', staff: '-' },
  bulkDisable: { globalAdmin: 'Y', localAdmin: 'O', helpdesk: '-', staff: '-' },
  report: { globalAdmin: 'Y', localAdmin: 'O', helpdesk: '-', staff: '-' },
  accessPass: { globalAdmin: 'Y', localAdmin: 'O', helpdesk: 'Y', staff: '-' },
};

const expected = (cell: 'Y' | 'O' | '-', sameOrg: boolean): Authorisation => {
  if (cell === '-') return { allowed: false, reason: 'role' };
  if (cell === 'O' && !sameOrg) return { allowed: false, reason: 'scope' };
  return { allowed: true };
};

const rows = ADMIN_OPERATIONS.flatMap((op) =>
  (['globalAdmin', 'localAdmin', 'helpdesk', 'staff'] as Role[]).map(
    (role) => [op, role, MATRIX[op][role]] as const,
  ),
);

describe('permission matrix', () => {
  it('covers every operation', () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...ADMIN_OPERATIONS].sort());
  });

  test.each(rows)(
    'when a %s is asked of a %s (%s), then the same-organisation answer follows the table',
    (op, role, cell) => {
      expect(authorise(actor(role), op, own)).toEqual(expected(cell, true));
    },
  );

  test.each(rows)(
    'when a %s is asked of a %s (%s), then the other-organisation answer follows the table',
    (op, role, cell) => {
      expect(authorise(actor(role), op, other)).toEqual(expected(cell, false));
    },
  );

  it('when an admin tries to change their own account, then it is refused as "self"', () => {
    const a = actor('globalAdmin');
    expect(authorise(a, 'disable', { aadObjectId: a.aadObjectId, organisation: 'ORG-A' })).toEqual({
      allowed: false,
      reason: 'self',
    });
    expect(authorise(a, 'status', { aadObjectId: a.aadObjectId, organisation: 'ORG-A' })).toEqual({
      allowed: true,
    });
  });

  it('when no target is given, then only the role is checked', () => {
    expect(authorise(actor('localAdmin'), 'bulkEnable')).toEqual({ allowed: true });
    expect(authorise(actor('staff'), 'status')).toEqual({ allowed: false, reason: 'role' });
  });

  it('lists the roles allowed for each operation', () => {
    expect(rolesAllowed('exception24h').sort()).toEqual(['globalAdmin', 'helpdesk', 'localAdmin']);
    expect(rolesAllowed('report').sort()).toEqual(['globalAdmin', 'localAdmin']);
  });
});
