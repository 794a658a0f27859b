import { readFile } from 'node:fs/promises';

/** VmRSS of a process from /proc, in MB; undefined when it cannot be read. */
export async function processRssMb(pid: number): Promise<number | undefined> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match?.[1] ? Number(match[1]) / 1024 : undefined;
}

export interface RssSampler {
  /** Stops sampling; returns the peak seen (MB). */
  stop(): number;
}

/** Samples this process's RSS (process.memoryUsage().rss) every `intervalMs`, keeping the peak. */
export function sampleOwnRss(intervalMs = 100): RssSampler {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return peak / 1024 / 1024;
    },
  };
}
