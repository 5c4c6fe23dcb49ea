import type { StaffMember } from '../domain/staff';

/**
 * The state of a person's personal chat with the bot (the dialog stack), kept as JSON text on their staff
 * record, so a turn reads the person and their chat in one request (docs/storage.md). Never part of a
 * StaffMember: reports, exports and audit records do not see it. Writes do not move the record's version,
 * so they never conflict with the version-guarded changes of its facts.
 */
export interface ChatStateRepository {
  /** The person and their personal chat's state (undefined when none is kept), in one read. */
  findWithChatState(aadObjectId: string): Promise<{ staff: StaffMember; chatState?: string } | null>;
  readChatState(aadObjectId: string): Promise<string | undefined>;
  /** Replaces the chat's state; nothing happens when the person is no longer in the directory. */
  saveChatState(aadObjectId: string, state: string): Promise<void>;
  clearChatState(aadObjectId: string): Promise<void>;
}
