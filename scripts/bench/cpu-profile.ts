import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import * as path from 'node:path';

/*
 * Preloaded (`--require`) into the sandbox's processes by `npm run bench -- --profile DIR`: Node.js refuses
 * --cpu-prof in NODE_OPTIONS, so this records a V8 CPU profile through the inspector and writes it to
 * DIR/<script>-<pid>.cpuprofile when the process exits (open it in Chrome DevTools or speedscope).
 */
const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  process.once('exit', () => {
    // The in-thread inspector session answers synchronously, so this completes inside 'exit'.
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      const script = process.argv[1] ?? 'node';
      const app = /[\\/]apps[\\/]([^\\/]+)[\\/]/.exec(script)?.[1] ?? path.basename(script, '.js');
      const name = `${app}-${process.pid}.cpuprofile`;
      writeFileSync(path.join(dir, name), JSON.stringify(result.profile));
    });
  });
}
