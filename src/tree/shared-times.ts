import type { Timestamp } from './file-entry.js';

/**
 * Hands the previous time object out again while times repeat, instead of one object per entry.
 * Profiling (retained heap per entry): files written or unpacked together mostly share a few
 * times, and an object each cost 40 bytes for every entry of a tree. Entries are never changed
 * once read, so sharing is safe.
 */
export class SharedTimes {
  private last: Timestamp = { sec: Number.NaN, nsec: 0 };

  /** The previous time when it equals `sec`.`nsec`, else a new object that becomes the previous. */
  of(sec: number, nsec: number): Timestamp {
    const last = this.last;
    if (last.sec === sec && last.nsec === nsec) return last;
    return (this.last = { sec, nsec });
  }

  /** The previous time when it equals `time`, else `time` itself, which becomes the previous. */
  share(time: Timestamp): Timestamp {
    const last = this.last;
    if (last.sec === time.sec && last.nsec === time.nsec) return last;
    return (this.last = time);
  }
}
