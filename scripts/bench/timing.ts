import os from "node:os";

/** Runs `fn` once to warm up, then `runs` times; the median and fastest wall time, and the last result. */
export async function time<T>(fn: () => Promise<T>, runs: number): Promise<{ median: number; min: number; result: T }> {
  let result = await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    result = await fn();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)] ?? 0, min: samples[0] ?? 0, result };
}

/** The machine a bench ran on, printed first by every bench: cores, CPU, memory, OS, node, and the 1-minute load average. */
export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.platform()} ${os.release()}, node ${process.version}, load ${os.loadavg()[0]?.toFixed(1)}`;
}
