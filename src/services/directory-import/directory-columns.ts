import { DirectoryFileError } from './directory-file-error';

export const REQUIRED_COLUMNS = [
  'upn',
  'displayName',
  'aadObjectId',
  'organisation',
  'orgUnit',
  'role',
  'atp',
] as const;
export const OPTIONAL_COLUMNS = ['mobile', 'orgCode', 'mail'] as const;
export type DirectoryColumn = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

const KNOWN: readonly DirectoryColumn[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];

/** Where each known column sits in a row, plus the header names we do not use. */
export interface ColumnLayout {
  positions: Partial<Record<DirectoryColumn, number>>;
  ignored: string[];
  width: number;
}

function key(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]/g, '');
}

/**
 * Reads the header row. Names match ignoring case, spaces, `_` and `-` ("Display Name" = displayName);
 * unknown columns are ignored (and reported); a missing required column or a repeated one fails the file.
 */
export function resolveColumns(header: readonly string[]): ColumnLayout {
  const byKey = new Map(KNOWN.map((c) => [key(c), c]));
  const positions: Partial<Record<DirectoryColumn, number>> = {};
  const ignored: string[] = [];
  header.forEach((name, index) => {
    const column = byKey.get(key(name));
    if (!column) {
      if (name.trim().length > 0) ignored.push(name.trim());
      return;
    }
    if (positions[column] !== undefined) {
      throw new DirectoryFileError(`Bad header: the column "${column}" appears twice.`);
    }
    positions[column] = index;
  });
  const missing = REQUIRED_COLUMNS.filter((c) => positions[c] === undefined);
  if (missing.length > 0) {
    throw new DirectoryFileError(
      `Bad header: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}. ` +
        `The first line must name the columns: ${KNOWN.join(', ')} (mobile, orgCode and mail are optional).`,
    );
  }
  return { positions, ignored, width: header.length };
}

/** Picks the known columns out of one parsed row (missing cells come back as undefined). */
export function pickColumns(
  layout: ColumnLayout,
  fields: readonly string[],
): Partial<Record<DirectoryColumn, string>> {
  const row: Partial<Record<DirectoryColumn, string>> = {};
  for (const column of KNOWN) {
    const index = layout.positions[column];
    if (index !== undefined) row[column] = fields[index];
  }
  return row;
}
