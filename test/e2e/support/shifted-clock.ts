import type { Clock } from '../../../src/ports/clock';

/**
 * Real time plus an offset a scenario can move forward ("a day later"), so the bot, its sweepers and
 * the TOTP checks all agree on one "now" while the Playground and Chromium keep running in real time.
 */
export class ShiftedClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
