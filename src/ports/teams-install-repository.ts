/**
 * What the bot knows about installing its app for each person (one document per person, collection
 * `teamsInstalls`). An install is begun with a unique insert or a state-guarded update before Graph is
 * called, so after a crash the next worker looks the installation up instead of posting it again.
 */
export type TeamsInstallState = 'installing' | 'installed' | 'already' | 'not-on-teams' | 'failed';

export interface TeamsInstall {
  aadObjectId: string;
  state: TeamsInstallState;
  /** The personal chat found for the installation. */
  chatId?: string;
  /** Why the person is not on Teams, or why the last attempt failed. */
  reason?: string;
  /** Install requests made (POSTs), bounded by the caller. */
  attempts: number;
  startedAt: Date;
  updatedAt: Date;
}

export interface TeamsInstallRepository {
  get(aadObjectId: string): Promise<TeamsInstall | null>;
  /**
   * Records that an install request is about to be made (state 'installing', attempts + 1). False when the
   * person's record shows someone else began one less than `staleMs` ago (and has not finished).
   */
  begin(aadObjectId: string, now: Date, staleMs: number): Promise<boolean>;
  /** Records the outcome of an install or a lookup. */
  finish(
    aadObjectId: string,
    state: Exclude<TeamsInstallState, 'installing'>,
    now: Date,
    details?: { chatId?: string; reason?: string },
  ): Promise<void>;
}
