/**
 * People the bot is waiting on: they said they registered (or the bot wrote a method), but Microsoft
 * Entra ID did not show it yet. One document per person; a background check reads Entra again at the
 * scheduled times and messages them when the method appears.
 */
export interface PendingEntraCheck {
  aadObjectId: string;
  /** What the person was doing, for the message they get. */
  path: 'authenticator' | 'phone' | 'oath';
  /** Authenticator ids Entra held before (a new one is theirs). */
  baseline: string[];
  /** When they said it was done: the re-check times count from here. */
  startedAt: Date;
  /** How many background checks have run. */
  attempt: number;
  dueAt: Date;
}

export interface EntraCheckRepository {
  /** Starts (or restarts) waiting for this person; replaces any earlier check. */
  schedule(check: PendingEntraCheck): Promise<void>;
  /** Checks due at `now`, earliest first. */
  due(now: Date, limit: number): Promise<PendingEntraCheck[]>;
  /** Records a check that found nothing yet and when to look again. */
  reschedule(aadObjectId: string, attempt: number, dueAt: Date): Promise<void>;
  remove(aadObjectId: string): Promise<void>;
  get(aadObjectId: string): Promise<PendingEntraCheck | null>;
}
