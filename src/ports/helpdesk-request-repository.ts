/** A request for the helpdesk to help someone without a mobile device (or stuck) to set up MFA. */
export interface HelpdeskRequest {
  id: string;
  kind: 'no-device' | 'enrolment-help';
  status: 'open' | 'closed';
  aadObjectId: string;
  upn: string;
  displayName: string;
  organisation: string;
  orgUnit: string;
  reason: string;
  createdAt: Date;
  closedAt?: Date;
}

export interface HelpdeskRequestRepository {
  /**
   * Records a request, or returns the open one of the same kind for that person (idempotent, so a
   * double click or a retried turn never opens two). `created` says which.
   */
  openOnce(
    request: Omit<HelpdeskRequest, 'id' | 'status'>,
  ): Promise<{ request: HelpdeskRequest; created: boolean }>;
  listOpen(limit: number): Promise<HelpdeskRequest[]>;
  close(id: string, now: Date): Promise<boolean>;
}
