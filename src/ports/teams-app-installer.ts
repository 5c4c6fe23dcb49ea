/**
 * Installs the bot's Teams app for a person through Microsoft Graph (proactive install) and finds the
 * personal chat it opens, so the bot can message someone who never opened it.
 *  - 'installed': the bot installed it now; 'already': it was installed before (Graph answered 409);
 *    both carry the personal chat's id when Graph could give it.
 *  - 'not-on-teams': Graph answered 404 (no Teams licence or mailbox) or 403 (not allowed): never retried
 *    within the campaign step. `reason` says which, in words an admin can act on.
 *  - 'failed': throttled past the retries, Graph unavailable, or the chat not found yet: worth trying later.
 */
export type InstallResult =
  | { kind: 'installed' | 'already'; chatId?: string }
  | { kind: 'not-on-teams'; status: number; reason: string }
  | { kind: 'failed'; reason: string };

export interface TeamsAppInstaller {
  /** POST /users/{id}/teamwork/installedApps; on 201 or 409, looks up the installation's chat. */
  install(aadObjectId: string): Promise<InstallResult>;
  /** The chat of an existing installation (no install attempt); undefined when the app is not installed. */
  findChat(aadObjectId: string): Promise<string | undefined>;
}
