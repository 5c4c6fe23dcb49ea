import type { ConversationReference } from 'botbuilder';

/** A Teams personal-chat conversation reference for tests that send to the stub Bot Connector. */
export function personalConversationReference(
  serviceUrl: string,
  conversationId: string,
): Partial<ConversationReference> {
  return {
    serviceUrl,
    channelId: 'msteams',
    conversation: {
      id: conversationId,
      conversationType: 'personal',
      isGroup: false,
      name: '',
      tenantId: 't1',
    },
    bot: { id: '28:bot', name: 'MFA bot' },
    user: { id: `29:${conversationId}`, name: 'Someone' },
  };
}
