/**
 * Respondent page benchmark (budget: ≤ 40 KB of gzipped JavaScript, fast first response). Measures only:
 * builds the app for production into .next-bench (BENCH_SKIP_BUILD=1 reuses the last one), serves it with
 * `next start` on port 3300 against a seeded throw-away database, then
 *   1. the JavaScript a respondent's browser downloads for /s/<token>: every <script src> of the HTML (and
 *      <link rel=preload as=script>), raw / gzip -9 / brotli bytes, plus inline scripts and the document;
 *   2. time to first byte: one client (median of 30) and 50 keep-alive clients for 10 s (req/s, p50/p95/p99).
 * Run it standalone with tsx --conditions=react-server.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { brotliCompressSync, constants as zlibConstants, gzipSync } from "node:zlib";
import pg from "pg";
import { seedIfEmpty } from "../../prisma/seed.ts";
import { PROJECT_ROOT } from "../lib/database.ts";
import { startTestDatabase } from "../lib/test-database.ts";

const PORT = Number(process.env.BENCH_RESPONDENT_PORT ?? 3300);
const DIST_DIR = ".next-bench";
const BUDGET_GZIP_BYTES = 40 * 1024;
const CLIENTS = 50;
const LOAD_SECONDS = Number(process.env.BENCH_RESPONDENT_SECONDS ?? 10);
const WARMUP_SECONDS = 2;
const MAX_REQUESTS_PER_CLIENT = 100_000;
const SINGLE_RUNS = 30;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const line = (label: string, value: string) => console.log(`  ${label.padEnd(40)} ${value}`);

/** Starts `next <args>` in its own process group so the whole tree can be stopped. */
function spawnNext(args: string[], env: NodeJS.ProcessEnv, quiet: boolean): { child: ChildProcess; exited: Promise<number>; output: () => string } {
  const bin = path.join(PROJECT_ROOT, "node_modules", "next", "dist", "bin", "next");
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: PROJECT_ROOT,
    env,
    detached: true,
    stdio: ["ignore", quiet ? "pipe" : "inherit", quiet ? "pipe" : "inherit"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-20_000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  return { child, exited, output: () => output };
}

async function stopGroup(child: ChildProcess, exited: Promise<number>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 5_000).unref());
  if ((await Promise.race([exited, timeout])) === "timeout") {
    signal("SIGKILL");
    await exited;
  }
}

type Fetched = { status: number; body: Buffer; ttfbMs: number };

function get(url: string, agent?: http.Agent): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.get(url, { agent: agent ?? false }, (response) => {
      const ttfbMs = performance.now() - started;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks), ttfbMs }));
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

/** One request whose body is discarded; resolves with the time to the 'response' event. */
function timedGet(url: string, agent: http.Agent): Promise<{ ok: boolean; ttfbMs: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const request = http.get(url, { agent }, (response) => {
      const ttfbMs = performance.now() - started;
      const ok = response.statusCode === 200;
      response.resume();
      response.on("end", () => resolve({ ok, ttfbMs }));
      response.on("error", () => resolve({ ok: false, ttfbMs }));
    });
    request.on("error", () => resolve({ ok: false, ttfbMs: performance.now() - started }));
  });
}

async function waitForHealth(base: string, exited: Promise<number>, timeoutMs = 90_000): Promise<void> {
  let dead = false;
  void exited.then(() => {
    dead = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (dead) throw new Error("next start exited before /api/health answered");
    try {
      if ((await get(`${base}/api/health`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`/api/health did not answer 200 within ${timeoutMs / 1000} s`);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

type Sizes = { raw: number; gzip: number; brotli: number };

function sizes(body: Buffer | string): Sizes {
  const buffer = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  return {
    raw: buffer.byteLength,
    gzip: gzipSync(buffer, { level: 9 }).byteLength,
    brotli: brotliCompressSync(buffer, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength,
  };
}

const attribute = (attributes: string, name: string): string | undefined =>
  new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(attributes)?.slice(1).find((v) => v !== undefined);

const decodeEntities = (value: string) => value.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'");

/** External script URLs (in document order, deduplicated) and the inline scripts' text. */
function scriptsOf(html: string, base: string): { external: string[]; inline: string[] } {
  const external = new Set<string>();
  const inline: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attributes = match[1] ?? "";
    const src = attribute(attributes, "src");
    if (src) external.add(new URL(decodeEntities(src), base).toString());
    else if (match[2]) inline.push(match[2]);
  }
  for (const match of html.matchAll(/<link\b([^>]*)>/gi)) {
    const attributes = match[1] ?? "";
    const rel = attribute(attributes, "rel")?.toLowerCase() ?? "";
    const as = attribute(attributes, "as")?.toLowerCase();
    const href = attribute(attributes, "href");
    if (href && (rel === "modulepreload" || (rel === "preload" && as === "script"))) {
      external.add(new URL(decodeEntities(href), base).toString());
    }
  }
  return { external: [...external], inline };
}

async function pickToken(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ token: string }>(`SELECT token FROM "Invitation" WHERE "respondedAt" IS NULL LIMIT 1`);
    const token = rows[0]?.token;
    if (!token) throw new Error("the seeded database has no unanswered invitation");
    return token;
  } finally {
    await client.end();
  }
}

async function measureBytes(pageUrl: string): Promise<void> {
  const page = await get(pageUrl);
  if (page.status !== 200) throw new Error(`GET ${pageUrl} answered ${page.status}`);
  const html = page.body.toString("utf8");
  const { external, inline } = scriptsOf(html, pageUrl);
  const chunks: Array<{ name: string } & Sizes> = [];
  for (const url of external) {
    const script = await get(url);
    if (script.status !== 200) throw new Error(`GET ${url} answered ${script.status}`);
    chunks.push({ name: new URL(url).pathname.replace(/^\/_next\/static\//, ""), ...sizes(script.body) });
  }
  const total = chunks.reduce((sum, c) => ({ raw: sum.raw + c.raw, gzip: sum.gzip + c.gzip, brotli: sum.brotli + c.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  const inlineSizes = sizes(inline.join("\n"));
  const documentSizes = sizes(page.body);

  line("HTML document", `${kb(documentSizes.raw)} raw, ${kb(documentSizes.gzip)} gzip, ${kb(documentSizes.brotli)} brotli`);
  line("external scripts", `${chunks.length} files, ${kb(total.raw)} raw, ${kb(total.gzip)} gzip -9, ${kb(total.brotli)} brotli`);
  line("inline scripts (in the HTML)", `${inline.length} blocks, ${kb(inlineSizes.raw)} raw, ${kb(inlineSizes.gzip)} gzip (alone)`);
  const verdict = total.gzip <= BUDGET_GZIP_BYTES ? "within" : `OVER by ${kb(total.gzip - BUDGET_GZIP_BYTES)}`;
  line(`budget ${kb(BUDGET_GZIP_BYTES)} gzipped JavaScript`, `${kb(total.gzip)} external → ${verdict}`);
  console.log("  largest chunks (gzip -9):");
  for (const chunk of [...chunks].sort((a, b) => b.gzip - a.gzip).slice(0, 5)) {
    console.log(`    ${kb(chunk.gzip).padStart(9)}  (${kb(chunk.raw)} raw, ${kb(chunk.brotli)} br)  ${chunk.name}`);
  }
}

/** `clients` keep-alive clients doing sequential GETs for `seconds`; TTFB of each request. */
async function load(url: string, clients: number, seconds: number): Promise<{ samples: number[]; errors: number; elapsed: number }> {
  const samples: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const agents: http.Agent[] = [];
  await Promise.all(
    Array.from({ length: clients }, async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      agents.push(agent);
      for (let i = 0; i < MAX_REQUESTS_PER_CLIENT && performance.now() < deadline; i += 1) {
        const result = await timedGet(url, agent);
        if (result.ok) samples.push(result.ttfbMs);
        else errors += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  for (const agent of agents) agent.destroy();
  samples.sort((a, b) => a - b);
  return { samples, errors, elapsed };
}

async function measureTtfb(pageUrl: string): Promise<void> {
  const single = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = 0; i < 5; i += 1) await timedGet(pageUrl, single); // warm-up
  const singles: number[] = [];
  for (let i = 0; i < SINGLE_RUNS; i += 1) singles.push((await timedGet(pageUrl, single)).ttfbMs);
  single.destroy();
  singles.sort((a, b) => a - b);
  line(`1 client, ${SINGLE_RUNS} sequential GETs`, `TTFB median ${ms(percentile(singles, 50))}  (min ${ms(singles[0] ?? 0)})`);

  await load(pageUrl, CLIENTS, WARMUP_SECONDS); // warm-up at full concurrency
  const { samples, errors, elapsed } = await load(pageUrl, CLIENTS, LOAD_SECONDS);
  line(`${CLIENTS} keep-alive clients, ${LOAD_SECONDS} s`, `${(samples.length / elapsed).toFixed(1)} req/s, ${samples.length.toLocaleString("en")} ok, ${errors} errors`);
  line("", `TTFB p50 ${ms(percentile(samples, 50))}  p95 ${ms(percentile(samples, 95))}  p99 ${ms(percentile(samples, 99))}  max ${ms(samples.at(-1) ?? 0)}`);
}

export async function benchRespondent(): Promise<void> {
  const database = await startTestDatabase({ name: "nps_bench_respondent", port: 54340 });
  let server: { child: ChildProcess; exited: Promise<number> } | undefined;
  try {
    await seedIfEmpty(database.url);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: database.url,
      AUTH_SECRET: "bench-secret-not-for-production-0123456789",
      NEXTAUTH_URL: `http://localhost:${PORT}`,
      NEXT_DIST_DIR: DIST_DIR,
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
    };
    if (process.env.BENCH_SKIP_BUILD !== "1" || !existsSync(path.join(PROJECT_ROOT, DIST_DIR, "BUILD_ID"))) {
      const started = performance.now();
      const build = spawnNext(["build"], env, true);
      const code = await build.exited;
      if (code !== 0) {
        console.error(build.output());
        throw new Error(`next build exited with ${code}`);
      }
      console.log(`  next build (${DIST_DIR}) took ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } else {
      console.log(`  reusing the last build in ${DIST_DIR} (BENCH_SKIP_BUILD=1)`);
    }
    server = spawnNext(["start", "--port", String(PORT)], env, true);
    const base = `http://localhost:${PORT}`;
    await waitForHealth(base, server.exited);
    const pageUrl = `${base}/s/${await pickToken(database.url)}`;
    await measureBytes(pageUrl);
    await measureTtfb(pageUrl);
  } finally {
    if (server) await stopGroup(server.child, server.exited);
    await database.stop();
  }
}
