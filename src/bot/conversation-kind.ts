import type { Activity } from 'botbuilder';

/** A one-to-one chat with the bot (Teams 'personal'; the Playground and tests may omit the type). */
export function isPersonalChat(activity: Partial<Activity>): boolean {
  const type = activity.conversation?.conversationType;
  return type === undefined || type === '' || type === 'personal';
}

/** The Entra tenant of the conversation, from the conversation or Teams channel data. */
export function tenantOf(activity: Partial<Activity>): string | undefined {
  const fromConversation = activity.conversation?.tenantId;
  if (fromConversation) return fromConversation;
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const id = channelData?.tenant?.id;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}
