import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type PgBoss from "pg-boss";
import { db } from "@/server/db";
import { startBoss } from "@/server/queue/boss";
import { QUEUES } from "@/server/queue/queues";
import { getSystemStatus, getWorkerSilence } from "@/server/system/get-system-status";
import { writeHeartbeat } from "@/server/system/write-heartbeat";
import { createOrganization, expectAppError } from "./support/fixtures";

let boss: PgBoss;
beforeAll(async () => {
  boss = await startBoss({ connectionString: inject("databaseUrl") });
});
afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
});

describe("Settings → System", () => {
  it("counts waiting jobs per queue for the viewer's organisation only, with the oldest's age; admins and owners only", async () => {
    const mine = await createOrganization("System Mine");
    const other = await createOrganization("System Other");
    const later = new Date(Date.now() + 3_600_000);
    // Two due sends of mine and one not yet due, one of the other organisation.
    await boss.send(QUEUES.send, { organizationId: mine.id, invitationIds: [randomUUID()] });
    await boss.send(QUEUES.send, { organizationId: mine.id, invitationIds: [randomUUID()] });
    await boss.send(QUEUES.send, { organizationId: mine.id, invitationIds: [randomUUID()] }, { startAfter: later });
    await boss.send(QUEUES.send, { organizationId: other.id, invitationIds: [randomUUID()] });
    await db.$executeRawUnsafe(`UPDATE pgboss.job SET start_after = now() - interval '5 minutes' WHERE name = $1 AND data->>'organizationId' = $2 AND start_after <= now()`, QUEUES.send, mine.id);

    const status = await getSystemStatus({ organizationId: mine.id, role: "ADMIN" });
    expect(status.queueInstalled).toBe(true);
    const send = status.queues.find((queue) => queue.name === QUEUES.send);
    expect(send).toMatchObject({ scope: "organization", waiting: 3, active: 0, failed: 0 });
    expect(send?.oldestWaitingSeconds).toBeGreaterThanOrEqual(299);
    expect(send?.oldestWaitingSeconds).toBeLessThan(400);
    expect(status.queues.find((queue) => queue.name === QUEUES.tick)?.scope).toBe("shared");
    const theirs = await getSystemStatus({ organizationId: other.id, role: "OWNER" });
    expect(theirs.queues.find((queue) => queue.name === QUEUES.send)?.waiting).toBe(1);

    await expectAppError(getSystemStatus({ organizationId: mine.id, role: "MANAGER" }), "forbidden");
    await expectAppError(getSystemStatus({ organizationId: mine.id, role: "VIEWER" }), "forbidden");
  });

  it("calls the worker silent after 2 minutes without a heartbeat, and running again once it beats", async () => {
    await db.workerHeartbeat.deleteMany({});
    expect(await getWorkerSilence()).toEqual({ silent: true, secondsSince: null });
    const worker = { id: randomUUID(), host: "test", pid: 1, startedAt: new Date() };
    await writeHeartbeat(worker);
    expect((await getWorkerSilence()).silent).toBe(false);
    await db.workerHeartbeat.update({ where: { id: worker.id }, data: { lastSeenAt: new Date(Date.now() - 150_000) } });
    const silent = await getWorkerSilence();
    expect(silent.silent).toBe(true);
    expect(silent.secondsSince).toBeGreaterThan(120);
    const org = await createOrganization("System Beat");
    expect((await getSystemStatus({ organizationId: org.id, role: "ADMIN" })).silent).toBe(true);
    await writeHeartbeat(worker);
    const status = await getSystemStatus({ organizationId: org.id, role: "ADMIN" });
    expect(status.silent).toBe(false);
    expect(status.workers.map((w) => w.id)).toEqual([worker.id]);
  });
});
