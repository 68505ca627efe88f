import { ServerTiming } from './server-timing';

describe('ServerTiming (W3C Server-Timing header of the data API)', () => {
  it('renders each metric once, in the order first measured, its durations added up, in ms with one decimal', () => {
    const timing = new ServerTiming();
    expect(timing.header()).toBeUndefined();
    timing.add('introspection', 3.14159);
    timing.add('consent', 2);
    timing.add('introspection', 1);
    expect(timing.header()).toBe('introspection;dur=4.1, consent;dur=2.0');
  });

  it('times a call, also one that fails', async () => {
    const timing = new ServerTiming();
    await expect(timing.time('query', () => Promise.resolve(42))).resolves.toBe(42);
    await expect(timing.time('consent', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(timing.header()).toMatch(/^query;dur=\d+\.\d, consent;dur=\d+\.\d$/);
  });
});
