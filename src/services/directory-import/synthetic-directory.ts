import type { Role } from '../../domain/staff';
import { REQUIRED_COLUMNS } from './directory-columns';

/** One CSV row of a synthetic directory, as strings in the import's column order. */
export type SyntheticRow = [string, string, string, string, string, Role, string, string, string];

export const SYNTHETIC_HEADER: readonly string[] = [...REQUIRED_COLUMNS, 'mobile', 'orgCode'];

export interface SyntheticOptions {
  count: number;
  seed: number;
  /** Share of rows (0..1) made deliberately invalid, to exercise rejections. */
  invalidShare?: number;
}

const TRUSTS = [
  'Northbridge Valley',
  'Riverside and Eastmoor',
  'Hollowfield Community',
  'Saltmarsh Coast',
  'Kestrel Moor',
  'Ashgrove University Hospitals',
  'Fenwick Downs',
  'Marlow Heath',
  'Oldcastle and District',
  'Wyvern Bay',
  'Larkspur Vale',
  'Thornmere',
];
const UNITS = [
  'Emergency Department',
  'Cardiology',
  'Pharmacy',
  'Radiology',
  'Maternity',
  'Paediatrics',
  'Oncology',
  'Theatres',
  'Outpatients',
  'Finance',
  'Human Resources',
  'IT Services',
  'Estates',
  'Community Nursing',
];
const FIRST = [
  'Aisha',
  'Ben',
  'Chloe',
  'Dev',
  'Eleanor',
  'Faisal',
  'Grace',
  'Harvey',
  'Imogen',
  'Jack',
  'Kiran',
  'Lily',
  'Mohammed',
  'Niamh',
  'Oliver',
  'Priya',
  'Rosie',
  'Samuel',
  'Tara',
  'Umar',
  'Violet',
  'William',
  'Yusuf',
  'Zara',
  'Amelia',
  'Callum',
  'Darcy',
  'Ethan',
  'Freya',
  'George',
  'Hannah',
  'Isaac',
];
const LAST = [
  'Ashworth',
  'Bramley',
  'Carver',
  'Dunmore',
  'Ellison',
  'Fairbairn',
  'Gresham',
  'Holloway',
  'Ingram',
  'Jessop',
  'Kettering',
  'Lockwood',
  'Merriman',
  'Northcott',
  'Oakley',
  'Pemberton',
  'Quayle',
  'Radcliffe',
  'Stanton',
  'Thornbury',
  'Underwood',
  'Vickers',
  'Whitlock',
  'Yardley',
  'Appleby',
  'Blackwood',
  'Cresswell',
  'Dalton',
];
const INVALID_EDITS: ((row: SyntheticRow) => void)[] = [
  (r) => (r[0] = r[0].replace('@', ' at ')),
  (r) => (r[2] = r[2].slice(0, 20)),
  (r) => (r[5] = 'superuser' as Role),
  (r) => (r[6] = 'perhaps'),
  (r) => (r[7] = '020 7946 0000'),
];

/** A made-up ODS-style code per organisation ("X" then two letters and the organisation's number). */
function organisationCode(org: number): string {
  const words = TRUSTS[org].toUpperCase().split(/\s+/);
  return `X${words[0][0]}${(words[1] ?? words[0])[0]}${org + 1}`;
}

/** mulberry32: a tiny seeded PRNG, so the same seed always gives the same directory. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex(random: () => number, digits: number): string {
  let s = '';
  for (let i = 0; i < digits; i++) s += Math.floor(random() * 16).toString(16);
  return s;
}

function objectId(random: () => number): string {
  const variant = '89ab'[Math.floor(random() * 4)] ?? '8';
  return `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-${variant}${hex(random, 3)}-${hex(random, 12)}`;
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)];
}

/**
 * Streams a fictional directory: organisations of a dozen fictional trusts, ~0.2% helpdesk, 2 local
 * admins per organisation, 2 global admins, ~3% ATP, ~60% with a mobile in 07700 0xxxxx (valid mobiles,
 * not allocated to real people in this data). UPNs and object ids are unique; row n is stable for a seed.
 */
export function* syntheticDirectory(options: SyntheticOptions): Generator<SyntheticRow> {
  const random = prng(options.seed);
  // A separate stream for corruption, so a dirty file differs from the clean one only in its bad rows.
  const spoil = prng(options.seed ^ 0x5eed);
  const orgCount = Math.max(1, Math.min(TRUSTS.length, Math.ceil(options.count / 5000)));
  const localAdmins = new Map<number, number>();
  for (let n = 1; n <= options.count; n++) {
    const org = (n - 1) % orgCount;
    const trust = TRUSTS[org];
    const first = pick(random, FIRST);
    const last = pick(random, LAST);
    const domain = `${trust.toLowerCase().replace(/[^a-z]+/g, '-')}.nhs.example`;
    let role: Role = 'staff';
    if (n <= 2) role = 'globalAdmin';
    else if ((localAdmins.get(org) ?? 0) < 2) role = 'localAdmin';
    else if (random() < 0.002) role = 'helpdesk';
    if (role === 'localAdmin') localAdmins.set(org, (localAdmins.get(org) ?? 0) + 1);
    const atp = role !== 'staff' || random() < 0.03;
    const mobile = random() < 0.6 ? `07700 0${String(Math.floor(random() * 100000)).padStart(5, '0')}` : '';
    const row: SyntheticRow = [
      `${first}.${last}.${n}@${domain}`.toLowerCase(),
      `${first} ${last}`,
      objectId(random),
      `${trust} NHS Trust`,
      role === 'staff' || role === 'helpdesk' ? pick(random, UNITS) : 'IT Services',
      role,
      atp ? 'yes' : 'no',
      mobile,
      organisationCode(org),
    ];
    if (options.invalidShare && spoil() < options.invalidShare) pick(spoil, INVALID_EDITS)(row);
    yield row;
  }
}
