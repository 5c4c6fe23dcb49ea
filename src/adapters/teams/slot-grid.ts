/**
 * The tenant's send times, shared by every instance: a grid of slots `spacingMs` apart counted from the
 * Unix epoch, grouped into chunks of `chunkSize` consecutive slots. An instance claims a whole chunk in one
 * round trip (SlotLedger, seq = chunk number) and sends one request at each of its slot times, so requests
 * from all instances together are never closer than `spacingMs`, and any sliding second holds at most
 * ceil(1000 / spacingMs) of them: the tenant limit holds whatever the number of instances.
 */
export interface SlotGridOptions {
  /** The tenant's limit (TEAMS_SEND_RATE_PER_SECOND). */
  ratePerSecond: number;
  /** Share of the limit used (below 1: room for arrival jitter, see slackMs). */
  headroom: number;
  /** Slots claimed per round trip. */
  chunkSize: number;
}

export class SlotGrid {
  readonly spacingMs: number;
  readonly chunkMs: number;
  readonly chunkSize: number;
  /** Names the grid in claims: instances configured differently must not share chunk numbers. */
  readonly id: string;

  constructor(private readonly options: SlotGridOptions) {
    if (options.ratePerSecond <= 0 || options.headroom <= 0 || options.headroom > 1)
      throw new RangeError('rate must be positive and headroom in (0, 1]');
    if (!Number.isInteger(options.chunkSize) || options.chunkSize < 1)
      throw new RangeError('chunkSize must be a positive integer');
    this.chunkSize = options.chunkSize;
    this.spacingMs = 1000 / (options.ratePerSecond * options.headroom);
    this.chunkMs = this.spacingMs * options.chunkSize;
    this.id = `${options.ratePerSecond}x${options.headroom}x${options.chunkSize}`;
  }

  /** Requests the grid lets out per second. */
  get sendsPerSecond(): number {
    return 1000 / this.spacingMs;
  }

  /**
   * How much later than its neighbour 50 slots on one request may arrive before Teams (counting any
   * sliding second) sees one too many: ratePerSecond * spacingMs - 1000. The late-start tolerance and
   * the path from here to Teams have to fit in it.
   */
  get slackMs(): number {
    return this.options.ratePerSecond * this.spacingMs - 1000;
  }

  /** The first chunk that starts at or after `t` (ms since the epoch). */
  firstChunkFrom(t: number): number {
    return Math.ceil(t / this.chunkMs);
  }

  chunkStart(chunk: number): number {
    return chunk * this.chunkMs;
  }

  /** Send times of the chunk's slots, in order. */
  slotTimes(chunk: number): number[] {
    const start = this.chunkStart(chunk);
    return Array.from({ length: this.chunkSize }, (_, i) => start + i * this.spacingMs);
  }

  /** Most slots whose times fall in any half-open window of `windowMs`. */
  maxSlotsIn(windowMs: number): number {
    return Math.ceil(windowMs / this.spacingMs);
  }
}
