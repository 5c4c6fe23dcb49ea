import { campaignNameKey, type Campaign, type CampaignState } from '../../domain/campaign';
import { DuplicateKeyError } from '../../errors';
import type { CampaignListFilter, CampaignRepository } from '../../ports/campaign-repository';
import type { DocumentStore, Filter } from '../../ports/document-store';
import { LazyCollection } from './lazy-collection';
import { assertSafeValue, isLookupText } from './safe-value';

/** Campaigns in `campaigns`: unique id and unique lower-case name; state changes guarded by the current state. */
export class DocumentCampaignRepository implements CampaignRepository {
  private readonly campaigns: LazyCollection<Campaign>;

  constructor(store: DocumentStore) {
    this.campaigns = new LazyCollection<Campaign>(store, 'campaigns', [
      { fields: { id: 1 }, unique: true },
      { fields: { nameKey: 1 }, unique: true },
      { fields: { state: 1 } },
      { fields: { createdAt: -1 } },
    ]);
  }

  async create(campaign: Campaign): Promise<void> {
    assertSafeValue(campaign, 'campaign');
    try {
      await (await this.campaigns.get()).insertOne({ ...campaign, nameKey: campaignNameKey(campaign.name) });
    } catch (e) {
      if (e instanceof DuplicateKeyError) throw new DuplicateKeyError('name');
      throw e;
    }
  }

  async findById(id: string): Promise<Campaign | null> {
    if (!isLookupText(id)) return null;
    return (await this.campaigns.get()).findOne({ id });
  }

  async findByName(name: string): Promise<Campaign | null> {
    if (!isLookupText(name)) return null;
    return (await this.campaigns.get()).findOne({ nameKey: campaignNameKey(name) });
  }

  async list(filter: CampaignListFilter = {}): Promise<Campaign[]> {
    assertSafeValue(filter, 'filter');
    const f: Filter = {};
    if (filter.states) f.state = { $in: filter.states };
    const all = await (await this.campaigns.get()).find(f, { sort: { createdAt: -1 } });
    const org = filter.visibleToOrganisation;
    if (org === undefined) return all;
    return all.filter(
      (c) =>
        c.ownerOrganisation === org ||
        (c.audience.organisations.length === 1 && c.audience.organisations[0] === org),
    );
  }

  async transition(
    id: string,
    from: readonly CampaignState[],
    to: CampaignState,
    now: Date,
  ): Promise<Campaign | null> {
    if (!isLookupText(id)) return null;
    const stamp: Record<string, Date> = {};
    if (to === 'running' && from.includes('draft')) stamp.startedAt = now;
    if (to === 'cancelled' || to === 'finished') stamp.endedAt = now;
    return (await this.campaigns.get()).findOneAndUpdate(
      { id, state: { $in: [...from] } },
      { $set: { state: to, updatedAt: now, ...stamp }, $inc: { version: 1 } },
    );
  }

  async markPlanned(id: string, reminder: string, now: Date): Promise<void> {
    if (!isLookupText(id)) return;
    const c = await this.campaigns.get();
    // Guarded so a reminder is listed once even when two workers finish planning at the same time.
    await c.updateMany(
      { id, planned: { $nin: [reminder] } },
      { $push: { planned: reminder }, $set: { updatedAt: now }, $inc: { version: 1 } },
    );
  }

  async claimSummary(id: string, now: Date): Promise<boolean> {
    if (!isLookupText(id)) return false;
    const updated = await (
      await this.campaigns.get()
    ).findOneAndUpdate(
      { id, summarySentAt: { $exists: false } },
      { $set: { summarySentAt: now, updatedAt: now } },
    );
    return updated !== null;
  }
}
