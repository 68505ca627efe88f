import { Injectable } from '@nestjs/common';

/** The time seam: protocol code asks it for "now", tests swap it (STYLE: time from an injected clock). */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
