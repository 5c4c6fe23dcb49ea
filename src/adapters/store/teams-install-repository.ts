import { DuplicateKeyError } from '../../errors';
import type { DocumentStore } from '../../ports/document-store';
import type {
  TeamsInstall,
  TeamsInstallRepository,
  TeamsInstallState,
} from '../../ports/teams-install-repository';
import { LazyCollection } from './lazy-collection';
import { isLookupText } from './safe-value';

/** One install record per person in `teamsInstalls`: begun with a unique insert or a state-guarded update. */
export class DocumentTeamsInstallRepository implements TeamsInstallRepository {
  private readonly installs: LazyCollection<TeamsInstall>;

  constructor(store: DocumentStore) {
    this.installs = new LazyCollection<TeamsInstall>(store, 'teamsInstalls', [
      { fields: { aadObjectId: 1 }, unique: true },
    ]);
  }

  async get(aadObjectId: string): Promise<TeamsInstall | null> {
    if (!isLookupText(aadObjectId)) return null;
    return (await this.installs.get()).findOne({ aadObjectId });
  }

  async begin(aadObjectId: string, now: Date, staleMs: number): Promise<boolean> {
    if (!isLookupText(aadObjectId)) return false;
    const installs = await this.installs.get();
    const staleBefore = new Date(now.getTime() - staleMs);
    const taken = await installs.findOneAndUpdate(
      {
        aadObjectId,
        $or: [{ state: { $ne: 'installing' } }, { updatedAt: { $lt: staleBefore } }],
      },
      { $set: { state: 'installing', startedAt: now, updatedAt: now }, $inc: { attempts: 1 } },
    );
    if (taken) return true;
    try {
      await installs.insertOne({
        aadObjectId,
        state: 'installing',
        attempts: 1,
        startedAt: now,
        updatedAt: now,
      });
      return true;
    } catch (e) {
      if (e instanceof DuplicateKeyError) return false;
      throw e;
    }
  }

  async finish(
    aadObjectId: string,
    state: Exclude<TeamsInstallState, 'installing'>,
    now: Date,
    details: { chatId?: string; reason?: string } = {},
  ): Promise<void> {
    if (!isLookupText(aadObjectId)) return;
    const set: Partial<TeamsInstall> = { state, updatedAt: now };
    if (details.chatId !== undefined) set.chatId = details.chatId;
    if (details.reason !== undefined) set.reason = details.reason;
    const installs = await this.installs.get();
    if (await installs.findOneAndUpdate({ aadObjectId }, { $set: set })) return;
    try {
      await installs.insertOne({
        aadObjectId,
        state,
        attempts: 0,
        startedAt: now,
        updatedAt: now,
        ...details,
      });
    } catch (e) {
      if (!(e instanceof DuplicateKeyError)) throw e;
      await installs.findOneAndUpdate({ aadObjectId }, { $set: set });
    }
  }
}
