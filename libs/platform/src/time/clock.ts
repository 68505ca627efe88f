import { Injectable } from '@nestjs/common';

/** The time seam of the ecosystem apps: code asks it for "now", tests pass or swap the time (STYLE: no sleeps). */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
