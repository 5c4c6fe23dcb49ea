import type { Campaign, CampaignState } from '../domain/campaign';

export interface CampaignListFilter {
  states?: CampaignState[];
  /** Campaigns a local admin of this organisation may see: theirs and those targeting only it. */
  visibleToOrganisation?: string;
}

export interface CampaignRepository {
  /** Throws DuplicateKeyError('name') when a campaign with that name exists (case-insensitive). */
  create(campaign: Campaign): Promise<void>;
  findById(id: string): Promise<Campaign | null>;
  findByName(name: string): Promise<Campaign | null>;
  list(filter?: CampaignListFilter): Promise<Campaign[]>;
  /** Atomically moves a campaign from one of `from` to `to`; null when it was not in one of `from`. */
  transition(
    id: string,
    from: readonly CampaignState[],
    to: CampaignState,
    now: Date,
  ): Promise<Campaign | null>;
  /** Records that a reminder was enqueued for everyone (idempotent). */
  markPlanned(id: string, reminder: string, now: Date): Promise<void>;
  /** Claims the after-deadline summary: true exactly once per campaign. */
  claimSummary(id: string, now: Date): Promise<boolean>;
}
