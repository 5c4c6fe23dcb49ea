import type { Role } from './staff';

/**
 * Who may run which admin command, on whom. Pure and table-driven: the matrix below IS the policy, and
 * docs/admin-guide.md shows the same table. Scope is always checked against the target's stored
 * organisation (read on the server), never against anything a card or a message claims.
 */
export const ADMIN_OPERATIONS = [
  'status',
  'audit',
  'tickets',
  'exception24h',
  'exception180d',
  'revokeException',
  'enable',
  'disable',
  'reenrol',
  'compromised',
  'bulkEnable',
  'bulkDisable',
  'report',
  'accessPass',
] as const;
export type AdminOperation = (typeof ADMIN_OPERATIONS)[number];

/** 'any': every organisation; 'own': only people in the actor's organisation; 'none': refused. */
export type Scope = 'any' | 'own' | 'none';

/** The same scope for every operation: the building block of each role's row. */
function everyOperation(scope: Scope): Record<AdminOperation, Scope> {
  return Object.fromEntries(ADMIN_OPERATIONS.map((o) => [o, scope])) as Record<AdminOperation, Scope>;
}
const ALL_ANY = everyOperation('any');
const ALL_OWN = everyOperation('own');
const NONE = everyOperation('none');

export const PERMISSION_MATRIX: Readonly<Record<Role, Readonly<Record<AdminOperation, Scope>>>> = {
  globalAdmin: ALL_ANY,
  localAdmin: ALL_OWN,
  helpdesk: { ...NONE, status: 'any', audit: 'any', tickets: 'any', exception24h: 'any', accessPass: 'any' },
  staff: NONE,
};

/** Operations that change someone; an actor may never run these on themselves. */
const CHANGES_SOMEONE: ReadonlySet<AdminOperation> = new Set([
  'exception24h',
  'exception180d',
  'revokeException',
  'enable',
  'disable',
  'reenrol',
  'compromised',
  'bulkEnable',
  'bulkDisable',
  'accessPass',
]);

export interface Actor {
  aadObjectId: string;
  role: Role;
  organisation: string;
}

export interface Target {
  aadObjectId?: string;
  organisation: string;
}

export type RefusalReason = 'role' | 'scope' | 'self';
export type Authorisation = { allowed: true } | { allowed: false; reason: RefusalReason };

/**
 * May `actor` run `operation` (on `target`, when there is one)? Without a target only the role is checked
 * (the caller must then check every target it touches, e.g. each user of a bulk change).
 */
export function authorise(actor: Actor, operation: AdminOperation, target?: Target): Authorisation {
  const scope = PERMISSION_MATRIX[actor.role][operation];
  if (scope === 'none') return { allowed: false, reason: 'role' };
  if (!target) return { allowed: true };
  if (scope === 'own' && target.organisation !== actor.organisation)
    return { allowed: false, reason: 'scope' };
  if (CHANGES_SOMEONE.has(operation) && target.aadObjectId === actor.aadObjectId) {
    return { allowed: false, reason: 'self' };
  }
  return { allowed: true };
}

/** Roles that may run an operation at all (for Command.allowedRoles). */
export function rolesAllowed(operation: AdminOperation): Role[] {
  return (Object.keys(PERMISSION_MATRIX) as Role[]).filter((r) => PERMISSION_MATRIX[r][operation] !== 'none');
}

/** Roles that may run at least one admin operation. */
export function adminRoles(): Role[] {
  return (Object.keys(PERMISSION_MATRIX) as Role[]).filter((r) =>
    ADMIN_OPERATIONS.some((o) => PERMISSION_MATRIX[r][o] !== 'none'),
  );
}

/** The organisations a report or bulk filter may cover: undefined = all. */
export function organisationsInScope(actor: Actor, operation: AdminOperation): string[] | undefined {
  const scope = PERMISSION_MATRIX[actor.role][operation];
  if (scope === 'any') return undefined;
  if (scope === 'own') return [actor.organisation];
  return [];
}
