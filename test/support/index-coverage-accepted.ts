/**
 * Query shapes that no index serves, each with the reason that is acceptable (docs/storage.md, "Indexes").
 * Keys are `shapeKey` strings, as the index-coverage check prints them. None of these runs on a chat turn.
 */
export const ACCEPTED_WITHOUT_INDEX: Record<string, string> = {
  'staff.find $or[{} range {upn} sort {upn:1} | {} range {displayName} sort {upn:1}]':
    'admin `find <text>`: part of a name or UPN, ignoring case; no index serves an unanchored case-insensitive ' +
    'regex on any store. One admin command, at most 100 results, walked in upn order.',
  'staff.stream {} range {methods.0} sort {upn:1}':
    "a tenant-wide campaign's audience: everyone not enrolled, which is most of the directory; streamed once " +
    'per campaign pass in upn order (the upn index gives the order), so a walk is the right plan.',
  'staff.find {} range {methods.0} sort {upn:1}':
    'the same tenant-wide audience, a page of it (campaign preview and the people it would remind): walked in ' +
    'upn order by the upn index and stopped at the page size.',
  'staff.countBy {}':
    'the tenant-wide report summary (a global admin): counts everyone in one pass in the database; the answer ' +
    'is one row per organisation and status. An organisation-scoped summary uses organisation_1_orgUnit_1.',
  'staff.count {}':
    "the whole directory's size: the Playground CLI's one check at start that sample data is loaded, and test " +
    'assertions; never on a chat turn.',
  'staff.count {role}':
    'only a test assertion (directory sync); the product asks for roles within one organisation.',
  'staff.find {role} sort {upn:1}':
    "only a test (the staff repository contract's list by role); the product asks for roles within one organisation.",
  'staff.find {orgUnit} sort {upn:1}':
    "a global admin listing by org unit across organisations (rare); a local admin's query also pins " +
    'organisation and uses organisation_1_orgUnit_1.',
  'staff.stream {orgUnit} sort {upn:1}':
    'a global admin selecting a bulk change by org unit across organisations (rare, an audited admin action); ' +
    "a local admin's selection also pins organisation.",
};
