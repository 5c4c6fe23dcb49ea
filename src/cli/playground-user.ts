import { stringify } from 'yaml';
import type { StaffMember } from '../domain/staff';

/**
 * The Agents Playground's own setting for who is chatting: its config file (`.m365agentsplayground.yml`,
 * read from M365_AGENTS_PLAYGROUND_CONFIG_PATH), whose `currentUser` becomes `from` (with its aadObjectId) on
 * every activity. Schema 0.1.1 of @microsoft/m365agentsplayground 0.2.28: exactly five other `users`, unique
 * ids, and the chats and team below.
 */
export const PLAYGROUND_CONFIG_FILE = '.m365agentsplayground.yml';

interface PlaygroundUser {
  id: string;
  name: string;
  userPrincipleName: string;
  aadObjectId: string;
  givenName: string;
  surname: string;
  email: string;
}

/** The Playground's built-in mock users (its default config), all in the sample directory. */
const MOCK_USERS: readonly [string, string, string][] = [
  ['Alex Wilber', 'alexw@example.com', '00000000-0000-0000-0000-0000000000020'],
  ['Megan Bowen', 'meganb@example.com', '00000000-0000-0000-0000-0000000000021'],
  ['Adele Vance', 'adelev@example.com', '00000000-0000-0000-0000-0000000000022'],
  ['Isaiah Langer', 'isaiah@example.com', '00000000-0000-0000-0000-0000000000023'],
  ['Patti Fernandez', 'pattif@example.com', '00000000-0000-0000-0000-0000000000024'],
  ['Lynne Robbins', 'lynner@example.com', '00000000-0000-0000-0000-0000000000025'],
];
const OTHER_USERS = 5;

function user(id: string, name: string, upn: string, aadObjectId: string): PlaygroundUser {
  const [givenName = name, ...rest] = name.split(' ');
  return {
    id,
    name,
    userPrincipleName: upn,
    aadObjectId,
    givenName,
    surname: rest.join(' ') || givenName,
    email: upn,
  };
}

/** The config file's text: `person` is the one chatting, in a new personal chat (`chatId`). */
export function playgroundConfig(
  person: Pick<StaffMember, 'displayName' | 'upn' | 'aadObjectId'>,
  chatId: string,
): string {
  const others = MOCK_USERS.filter(([, , id]) => id !== person.aadObjectId)
    .slice(0, OTHER_USERS)
    .map(([name, upn, id], i) => user(`user-id-${i + 1}`, name, upn, id));
  const config = {
    version: '0.1.1',
    tenantId: '00000000-0000-0000-0000-0000000000001',
    bot: { id: '00000000-0000-0000-0000-00000000000011', name: 'MFA Helper' },
    currentUser: user('user-id-0', person.displayName, person.upn, person.aadObjectId),
    users: others,
    personalChat: { id: chatId },
    groupChat: { id: `${chatId}-group`, name: 'Group Chat' },
    team: {
      id: 'team-id',
      name: 'My Team',
      aadGroupId: '00000000-0000-0000-0000-000000000031',
      channels: [{ id: 'channel-announcements-id', name: 'Announcements' }],
    },
  };
  return `# Written by npm run playground -- --as ${person.upn}: who you are in the Agents Playground.\n${stringify(config)}`;
}
