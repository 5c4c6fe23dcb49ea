/**
 * Wall-clock time (ms since the epoch, as Date.now()) with sub-millisecond precision, for the sender thread
 * (send times are fractional). performance.now() is precise but runs on a clock of its own: the wall clock can
 * be stepped under it (NTP, a virtual machine's clock being synced) after the thread's time origin was taken,
 * and send times are wall-clock times made on another thread. So it follows Date.now(): when the two drift
 * more than a millisecond apart, it re-anchors on the wall clock.
 */
export function createPreciseClock(
  wall: () => number = Date.now,
  monotonic: () => number = () => performance.now(),
): () => number {
  let anchor = wall() - monotonic();
  return () => {
    const precise = anchor + monotonic();
    const now = wall();
    if (Math.abs(precise - now) <= 1) return precise;
    anchor = now - monotonic();
    return now;
  };
}
