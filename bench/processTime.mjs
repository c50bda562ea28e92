// Wall time and peak memory of a child process. Node cannot read a child's rusage, so the peak
// resident set (VmHWM, a high-water mark the kernel keeps) is sampled from /proc while it runs;
// the last sample before exit is the peak up to that moment, which for these tools is the end.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const SAMPLE_EVERY_MS = 5;

function highWaterMB(pid) {
  try {
    const kb = /VmHWM:\s*(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0; // already gone
  }
}

/**
 * Resolves with { wallMs, status, maxRssMB }, or { timedOut: true, maxRssMB } (the peak so far)
 * after killing a child past `timeoutMs`.
 */
export function runTimed(command, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let maxRssMB = 0;
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
    const sampler = setInterval(() => (maxRssMB = Math.max(maxRssMB, highWaterMB(child.pid))), SAMPLE_EVERY_MS);
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (status, signal) => {
      const wallMs = performance.now() - start;
      clearInterval(sampler);
      clearTimeout(killer);
      if (signal === 'SIGKILL') resolve({ timedOut: true, maxRssMB });
      else resolve({ wallMs, status, maxRssMB, stderr });
    });
  });
}
