// A real herald-server process for the Node suites (tests/e2e,
// tests/pusher-compat): spawned with the given flags, ready once it prints
// "Herald is running at http://HOST:PORT/". No npm dependencies, so either
// suite can import it.
import { spawn } from 'node:child_process';

/**
 * Starts `binary` with `args`; resolves with { url, port, stop } once it
 * prints its URL, rejects if it exits first or prints nothing for 20 s.
 * stop() sends SIGTERM, and SIGKILL if it has not exited 10 s later (so a
 * hung shutdown fails the run instead of stalling it); it resolves with the
 * exit code, or 'killed'.
 */
export function spawnHeraldServer(binary, args) {
  return new Promise((resolveStart, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`herald-server did not start: ${seen}`)), 20000);
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = /Herald is running at (http:\/\/[^/]+\/)/.exec(seen);
      if (!match) return;
      clearTimeout(timer);
      const url = match[1];
      resolveStart({ url, port: Number(new URL(url).port), stop: () => stop(child) });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`herald-server exited with ${code}: ${seen}`));
    });
  });
}

function stop(child) {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
    const kill = setTimeout(() => {
      console.error('herald-server did not exit 10 s after SIGTERM; killing it');
      child.kill('SIGKILL');
    }, 10000);
    child.once('exit', (code, signal) => {
      clearTimeout(kill);
      done(signal === 'SIGKILL' ? 'killed' : code);
    });
    child.kill('SIGTERM');
  });
}
