/**
 * Respondent page benchmark (budget: ≤ 40 KB of gzipped JavaScript, fast first response). Measures only:
 * builds the app for production into .next-bench (BENCH_SKIP_BUILD=1 reuses the last one), serves it with
 * `next start` on port 3300 against a seeded throw-away database, then
 *   1. the JavaScript a respondent's browser downloads for /s/<token>: every <script src> of the HTML (and
 *      <link rel=preload as=script>), raw / gzip -9 / brotli bytes, plus inline scripts and the document;
 *   2. time to first byte: one client (median of 30), then 50 and 200 keep-alive clients for 10 s each
 *      (req/s, p50/p95/p99);
 *   3. the write path (step-1 submissions of personal links, plain form posts): 200 keep-alive clients for
 *      10 s (submissions/s, latency percentiles, every status that was not a 303); 1,000 respondents posting
 *      at the same moment (statuses, rows stored = 1,000?); a PostgreSQL restart in the middle of a burst,
 *      clients retrying 503s after Retry-After as the respondent page does (lost / duplicated answers).
 * Run it standalone: `tsx --conditions=react-server scripts/bench/respondent.ts` (BENCH_SKIP_BUILD=1 reuses
 * the build; BENCH_RESPONDENT_WRITES=0 skips part 3; BENCH_RESPONDENT_PORT / BENCH_RESPONDENT_DB_PORT move the
 * server and its database aside; BENCH_RESPONDENT_NODE_ARGS adds node flags to the server, e.g. a CPU profile).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { brotliCompressSync, constants as zlibConstants, gzipSync } from "node:zlib";
import pg from "pg";
import { seedIfEmpty } from "../../prisma/seed.ts";
import os from "node:os";
import { PROJECT_ROOT } from "../lib/database.ts";
import { startEmbeddedPostgres } from "../lib/embedded-postgres.ts";
import { startTestDatabase } from "../lib/test-database.ts";

const PORT = Number(process.env.BENCH_RESPONDENT_PORT ?? 3300);
const DIST_DIR = process.env.BENCH_RESPONDENT_DIST_DIR ?? ".next-bench";
const BUDGET_GZIP_BYTES = 40 * 1024;
const CLIENT_COUNTS = [50, 200];
const WRITE_CLIENTS = 200;
const BURST = 1000;
const DATABASE_NAME = "nps_bench_respondent";
const DATABASE_PORT = Number(process.env.BENCH_RESPONDENT_DB_PORT ?? 15340); // DEFAULT_PORTS.bench (scripts/lib/ports.ts)
const LOAD_SECONDS = Number(process.env.BENCH_RESPONDENT_SECONDS ?? 10);
const WARMUP_SECONDS = 2;
const MAX_REQUESTS_PER_CLIENT = 100_000;
const SINGLE_RUNS = 30;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const line = (label: string, value: string) => console.log(`  ${label.padEnd(40)} ${value}`);
/** The machine's load (other processes share these cores): printed beside each figure, which it can skew. */
const load1 = () => `load avg ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores`;

/** Starts `next <args>` in its own process group so the whole tree can be stopped. */
function spawnNext(args: string[], env: NodeJS.ProcessEnv, quiet: boolean): { child: ChildProcess; exited: Promise<number>; output: () => string } {
  const bin = path.join(PROJECT_ROOT, "node_modules", "next", "dist", "bin", "next");
  // BENCH_RESPONDENT_NODE_ARGS: extra node flags for the app server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where a request's time goes.
  const nodeArgs = args[0] === "start" ? (process.env.BENCH_RESPONDENT_NODE_ARGS ?? "").split(" ").filter(Boolean) : [];
  const child = spawn(process.execPath, [...nodeArgs, bin, ...args], {
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

  for (const clients of CLIENT_COUNTS) {
    await load(pageUrl, clients, WARMUP_SECONDS); // warm-up at full concurrency
    const { samples, errors, elapsed } = await load(pageUrl, clients, LOAD_SECONDS);
    line(`GET, ${clients} keep-alive clients, ${LOAD_SECONDS} s`, `${(samples.length / elapsed).toFixed(1)} req/s, ${samples.length.toLocaleString("en")} ok, ${errors} errors (${load1()})`);
    line("", `TTFB p50 ${ms(percentile(samples, 50))}  p95 ${ms(percentile(samples, 95))}  p99 ${ms(percentile(samples, 99))}  max ${ms(samples.at(-1) ?? 0)}`);
  }
}

// ── The write path ───────────────────────────────────────────────────────────────────────────────────────

/** Scores as customers give them (about 45 % promoters, 30 % passives, 25 % detractors), not uniform. */
const SCORE_POOL = [10, 10, 10, 10, 9, 9, 9, 9, 9, 8, 8, 8, 7, 7, 7, 6, 6, 5, 4, 3];
const COMMENTS = ["柜台服务很快，谢谢", "手机银行转账老是失败", "理赔太慢了", "Staff were friendly", "资费有点高", ""];

/** `count` fresh invitations (contacts included) to the survey of `token`, straight in SQL; their tokens. */
async function seedInvitations(databaseUrl: string, surveyOf: string, count: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ token: string }>(
      `WITH src AS (SELECT "organizationId", "surveyId" FROM "Invitation" WHERE token = $1),
            c AS (INSERT INTO "Contact" (id, "organizationId", email, locale, attributes, "createdAt", "updatedAt")
                  SELECT gen_random_uuid(), src."organizationId", 'bench-' || gen_random_uuid() || '@example.com', 'zh-CN',
                         jsonb_build_object('region', (ARRAY['华东','华北','华南'])[1 + g % 3], 'tier', (ARRAY['普通','金卡','私行'])[1 + g % 3]), now(), now()
                  FROM src, generate_series(1, $2::int) g RETURNING id, "organizationId")
       INSERT INTO "Invitation" (id, "organizationId", "surveyId", "contactId", token, channel, "sentAt")
       SELECT gen_random_uuid(), c."organizationId", src."surveyId", c.id, replace(gen_random_uuid()::text, '-', '') || 'b', 'EMAIL', now()
       FROM c, src RETURNING token`,
      [surveyOf, count],
    );
    return rows.map((r) => r.token);
  } finally {
    await client.end();
  }
}

type Posted = { status: number; ms: number; retryAfter: number | null };

function postAnswer(base: string, token: string, agent: http.Agent | false): Promise<Posted> {
  const score = SCORE_POOL[Math.floor(Math.random() * SCORE_POOL.length)] ?? 9;
  const comment = COMMENTS[Math.floor(Math.random() * COMMENTS.length)] ?? "";
  const body = new URLSearchParams({ score: String(score), comment, locale: "zh-CN" }).toString();
  return new Promise((resolve) => {
    const started = performance.now();
    const request = http.request(
      `${base}/s/${token}/answer`,
      { method: "POST", agent, headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body) } },
      (response) => {
        const ms = performance.now() - started;
        const retry = Number(response.headers["retry-after"]);
        response.resume();
        response.on("end", () => resolve({ status: response.statusCode ?? 0, ms, retryAfter: Number.isFinite(retry) ? retry : null }));
        response.on("error", () => resolve({ status: 0, ms, retryAfter: null }));
      },
    );
    request.on("error", () => resolve({ status: 0, ms: performance.now() - started, retryAfter: null }));
    request.end(body);
  });
}

const stored = (status: number) => status >= 200 && status < 400;

function statusLine(statuses: Map<number, number>): string {
  return [...statuses.entries()].sort((a, b) => a[0] - b[0]).map(([status, n]) => `${status === 0 ? "network error" : status} × ${n.toLocaleString("en")}`).join(", ");
}

async function countStored(databaseUrl: string, tokens: string[]): Promise<{ responses: number; invitations: number; answers: number; duplicateAnswers: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ responses: number; invitations: number; answers: number; duplicates: number }>(
      `SELECT count(r.id)::int AS responses, count(DISTINCT r."invitationId")::int AS invitations,
              (SELECT count(*)::int FROM "Answer" a JOIN "Response" r2 ON r2.id = a."responseId" JOIN "Invitation" i2 ON i2.id = r2."invitationId" WHERE i2.token = ANY($1)) AS answers,
              (SELECT count(*)::int FROM (SELECT 1 FROM "Answer" a JOIN "Response" r3 ON r3.id = a."responseId" JOIN "Invitation" i3 ON i3.id = r3."invitationId"
                                           WHERE i3.token = ANY($1) GROUP BY a."responseId", a."questionId" HAVING count(*) > 1) d) AS duplicates
       FROM "Invitation" i JOIN "Response" r ON r."invitationId" = i.id WHERE i.token = ANY($1)`,
      [tokens],
    );
    const row = rows[0];
    return { responses: row?.responses ?? 0, invitations: row?.invitations ?? 0, answers: row?.answers ?? 0, duplicateAnswers: row?.duplicates ?? 0 };
  } finally {
    await client.end();
  }
}

/** `clients` keep-alive clients, each posting fresh personal links back to back for `seconds`. */
async function sustainedWrites(base: string, tokens: string[], clients: number, seconds: number) {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const used: string[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const agents: http.Agent[] = [];
  await Promise.all(
    Array.from({ length: clients }, async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      agents.push(agent);
      while (performance.now() < deadline && next < tokens.length) {
        const token = tokens[next++]!;
        used.push(token);
        const result = await postAnswer(base, token, agent);
        statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
        if (stored(result.status)) latencies.push(result.ms);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  for (const agent of agents) agent.destroy();
  latencies.sort((a, b) => a - b);
  return { latencies, statuses, elapsed, used };
}

/** Every token posted at the same moment (one connection each); 503s are sent again after Retry-After, as the page does. */
async function burst(base: string, tokens: string[], retry: boolean) {
  const statuses = new Map<number, number>();
  const firstStatuses = new Map<number, number>();
  const latencies: number[] = [];
  let retries = 0;
  const started = performance.now();
  await Promise.all(
    tokens.map(async (token) => {
      const begun = performance.now();
      for (let attempt = 0; ; attempt += 1) {
        const result = await postAnswer(base, token, false);
        if (attempt === 0) firstStatuses.set(result.status, (firstStatuses.get(result.status) ?? 0) + 1);
        const transient = result.status === 503 || result.status === 0;
        if (!retry || !transient || attempt >= 20) {
          statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
          latencies.push(performance.now() - begun);
          return;
        }
        retries += 1;
        await new Promise((resolve) => setTimeout(resolve, (result.retryAfter ?? 2) * 1000));
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { statuses, firstStatuses, latencies, retries, elapsed: (performance.now() - started) / 1000 };
}

async function measureWrites(base: string, databaseUrl: string, token: string, restart: () => Promise<void>): Promise<void> {
  const sustainedPool = await seedInvitations(databaseUrl, token, 20_000);
  const burstTokens = await seedInvitations(databaseUrl, token, BURST);
  const restartTokens = await seedInvitations(databaseUrl, token, BURST);
  line("seeded", `${(sustainedPool.length + 2 * BURST).toLocaleString("en")} unanswered personal invitations`);

  await sustainedWrites(base, sustainedPool.slice(0, 400), 50, WARMUP_SECONDS); // warm-up
  const rest = sustainedPool.slice(400);
  const run = await sustainedWrites(base, rest, WRITE_CLIENTS, LOAD_SECONDS);
  const rate = run.latencies.length / run.elapsed;
  line(`POST step 1, ${WRITE_CLIENTS} keep-alive clients, ${LOAD_SECONDS} s`, `${rate.toFixed(1)} submissions/s stored (303), statuses: ${statusLine(run.statuses)} (${load1()})`);
  line("", `latency p50 ${ms(percentile(run.latencies, 50))}  p95 ${ms(percentile(run.latencies, 95))}  p99 ${ms(percentile(run.latencies, 99))}  max ${ms(run.latencies.at(-1) ?? 0)}`);
  const sustainedRows = await countStored(databaseUrl, run.used);
  line("", `rows: ${sustainedRows.responses.toLocaleString("en")} responses for ${run.used.length.toLocaleString("en")} posts (${sustainedRows.invitations.toLocaleString("en")} invitations), ${sustainedRows.duplicateAnswers} duplicate answers`);

  const once = await burst(base, burstTokens, false);
  const other = [...once.statuses.entries()].filter(([status]) => !stored(status)).reduce((sum, [, n]) => sum + n, 0);
  const burstRows = await countStored(databaseUrl, burstTokens);
  line(`${BURST.toLocaleString("en")} respondents at the same moment`, `statuses: ${statusLine(once.statuses)} → ${other} not 2xx/3xx, in ${once.elapsed.toFixed(1)} s (${load1()})`);
  line("", `latency p50 ${ms(percentile(once.latencies, 50))}  p99 ${ms(percentile(once.latencies, 99))}  max ${ms(once.latencies.at(-1) ?? 0)}`);
  line("", `rows: ${burstRows.responses.toLocaleString("en")} responses (${burstRows.invitations.toLocaleString("en")} invitations, expected ${BURST.toLocaleString("en")}), ${burstRows.duplicateAnswers} duplicate answers`);

  const restarted = burst(base, restartTokens, true);
  await new Promise((resolve) => setTimeout(resolve, 700));
  const restartStarted = performance.now();
  await restart();
  const downFor = (performance.now() - restartStarted) / 1000;
  const after = await restarted;
  const afterRows = await countStored(databaseUrl, restartTokens);
  const lost = BURST - afterRows.invitations;
  const duplicated = afterRows.responses - afterRows.invitations + afterRows.duplicateAnswers;
  line(`${BURST.toLocaleString("en")} at once, PostgreSQL restarted 0.7 s in`, `restart took ${downFor.toFixed(1)} s; first replies: ${statusLine(after.firstStatuses)}; ${after.retries} retries after Retry-After`);
  line("", `final statuses: ${statusLine(after.statuses)}; all answered in ${after.elapsed.toFixed(1)} s (p50 ${ms(percentile(after.latencies, 50))}, max ${ms(after.latencies.at(-1) ?? 0)})`);
  line("", `rows: ${afterRows.responses.toLocaleString("en")} responses for ${BURST.toLocaleString("en")} respondents → ${lost} lost, ${duplicated} duplicated`);
}

export async function benchRespondent(): Promise<void> {
  let database = await startTestDatabase({ name: DATABASE_NAME, port: DATABASE_PORT });
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
    const token = await pickToken(database.url);
    const pageUrl = `${base}/s/${token}`;
    await measureBytes(pageUrl);
    await measureTtfb(pageUrl);
    if (process.env.BENCH_RESPONDENT_WRITES !== "0") {
      const url = database.url;
      // Same data directory and port as startTestDatabase: a fast shutdown (SIGINT) and a start, data kept.
      const restart = async () => {
        await database.stop();
        const server = await startEmbeddedPostgres({ dataDir: path.join(PROJECT_ROOT, ".data", `pg-${DATABASE_NAME}`), port: DATABASE_PORT, ephemeral: true });
        database = { ...database, stop: server.stop };
      };
      await measureWrites(base, url, token, restart);
    }
  } finally {
    if (server) await stopGroup(server.child, server.exited);
    await database.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.dirname, "respondent.ts")) {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  console.log(`machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.platform()} ${os.release()}, node ${process.version}`);
  console.log("\nRespondent page /s/<token>");
  await benchRespondent();
}
