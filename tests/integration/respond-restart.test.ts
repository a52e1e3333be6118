import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../scripts/lib/database.ts";
import { startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres.ts";
import { startTestDatabase, type TestDatabase } from "../../scripts/lib/test-database.ts";

// PostgreSQL restarted in the middle of a burst of respondents: nothing lost, nothing duplicated. This file
// runs its own embedded PostgreSQL (the suite's is untouched) and points the app at it before importing it.
const PORT = Number(process.env.RESTART_DB_PORT ?? 24390);
const NAME = "nps_restart";
const RESPONDENTS = 300;

let database: TestDatabase;
let stop: () => Promise<void>;

let suiteDatabaseUrl: string | undefined;

beforeAll(async () => {
  database = await startTestDatabase({ name: NAME, port: PORT });
  stop = database.stop;
  suiteDatabaseUrl = process.env.DATABASE_URL;
  process.env.DATABASE_URL = database.url;
}, 120_000);

afterAll(async () => {
  const { db } = await import("@/server/db");
  await db.$disconnect().catch(() => undefined);
  await stop();
  // The Prisma client is one per process (src/server/db.ts keeps it on globalThis): drop the one bound to this
  // file's server, so the files after it connect to the suite's database again.
  (globalThis as { prisma?: unknown }).prisma = undefined;
  process.env.DATABASE_URL = suiteDatabaseUrl;
}, 60_000);

/** A fast shutdown (SIGINT: sessions terminated, open transactions rolled back) and a start on the same data. */
async function restartDatabase(downMs: number): Promise<void> {
  await stop();
  await new Promise((resolve) => setTimeout(resolve, downMs));
  const server = await startEmbeddedPostgres({ dataDir: path.join(PROJECT_ROOT, ".data", `pg-${NAME}`), port: PORT, ephemeral: true });
  stop = server.stop;
}

describe("a PostgreSQL restart in the middle of a burst", () => {
  it(`${RESPONDENTS} respondents retrying 503s as the page does: each answer stored exactly once`, { timeout: 180_000 }, async () => {
    const { db } = await import("@/server/db");
    const { createInvitation } = await import("@/server/distribution/create-invitation");
    const { submitResponse } = await import("@/server/responses/submit-response");
    const { createSurvey } = await import("@/server/surveys/create-survey");
    const { isDatabaseUnavailable } = await import("@/server/http/database-unavailable");

    const org = await db.organization.create({ data: { name: "Restart Bank", slug: `restart-${Date.now()}` } });
    const survey = await createSurvey({ organizationId: org.id, userId: null, input: { name: "Restart", brandName: "Restart Bank" } });
    const tokens: string[] = [];
    for (let i = 0; i < RESPONDENTS; i += 1) {
      const { invitation } = await createInvitation({ organizationId: org.id, surveyId: survey.id, contact: { email: `restart-${i}@example.com` } });
      tokens.push(invitation.token);
    }

    const unexpected: string[] = [];
    let unavailable = 0;
    /** The respondent page's behaviour: a 503 (database unavailable) is sent again after a pause; anything else ends. */
    const respondent = async (token: string, i: number) => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 1500));
      for (let attempt = 0; attempt < 40; attempt += 1) {
        try {
          return await submitResponse({ token, input: { score: i % 11, comment: `第 ${i} 位客户`, locale: "zh-CN" } });
        } catch (error) {
          if (!isDatabaseUnavailable(error)) {
            unexpected.push(error instanceof Error ? error.message.split("\n").slice(0, 3).join(" ") : String(error));
            return null;
          }
          unavailable += 1;
          await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 700));
        }
      }
      unexpected.push(`gave up on ${token}`);
      return null;
    };
    const burst = Promise.all(tokens.map((token, i) => respondent(token, i)));
    await new Promise((resolve) => setTimeout(resolve, 500));
    await restartDatabase(1000);
    const results = await burst;

    expect(unexpected).toEqual([]);
    expect(results.every((r) => r !== null)).toBe(true);
    expect(unavailable).toBeGreaterThan(0); // the restart was felt
    const responses = await db.response.findMany({ where: { organizationId: org.id }, select: { id: true, invitationId: true, score: true } });
    expect(responses).toHaveLength(RESPONDENTS);
    expect(new Set(responses.map((r) => r.invitationId)).size).toBe(RESPONDENTS);
    expect(new Set(results.map((r) => r?.responseId)).size).toBe(RESPONDENTS);
    const answers = await db.answer.count({ where: { organizationId: org.id } });
    expect(answers).toBe(RESPONDENTS * 2);
    const answered = await db.invitation.count({ where: { organizationId: org.id, respondedAt: { not: null } } });
    expect(answered).toBe(RESPONDENTS);
    const detractors = responses.filter((r) => (r.score ?? 10) <= 6).length;
    expect(await db.case.count({ where: { organizationId: org.id } })).toBe(detractors);
  });
});
