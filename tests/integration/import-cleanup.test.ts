import { existsSync } from "node:fs";
import { mkdir, utimes, writeFile, rm } from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { ContactActor } from "@/server/contacts/actor";
import { createContactImport } from "@/server/contacts/create-contact-import";
import { getContactImport } from "@/server/contacts/get-contact-import";
import { startContactImport } from "@/server/contacts/run-contact-import";
import { db } from "@/server/db";
import { cleanUpImports, INTERRUPTED_IMPORT_AFTER_MS, PENDING_IMPORT_TTL_MS } from "@/server/imports/clean-up-imports";
import { createResponseImport } from "@/server/imports/create-response-import";
import { deleteImportJob } from "@/server/imports/delete-import-job";
import { uploadPath } from "@/server/imports/import-source";
import { createSmtpTransport } from "@/server/email/transport";
import { startBoss } from "@/server/queue/boss";
import { QUEUES } from "@/server/queue/queues";
import { startDistributionWorker } from "@/server/queue/worker";
import { createSurvey } from "@/server/surveys/create-survey";
import { SETTINGS } from "./distribution-support";
import { csvFile } from "../fixtures/contacts-files";
import { createOrganization, expectAppError } from "./support/fixtures";

let admin: ContactActor;
let owner: ContactActor;
let manager: ContactActor;
let viewer: ContactActor;
let other: ContactActor;
let surveyId: string;
let otherSurveyId: string;

beforeAll(async () => {
  const org = await createOrganization("Cleanup Bank");
  const second = await createOrganization("Cleanup Other");
  admin = { organizationId: org.id, userId: null, role: "ADMIN" };
  owner = { organizationId: org.id, userId: null, role: "OWNER" };
  manager = { organizationId: org.id, userId: null, role: "MANAGER" };
  viewer = { organizationId: org.id, userId: null, role: "VIEWER" };
  other = { organizationId: second.id, userId: null, role: "OWNER" };
  surveyId = (await createSurvey({ organizationId: org.id, userId: null, input: { name: "History", brandName: "Bank" } })).id;
  otherSurveyId = (await createSurvey({ organizationId: org.id, userId: null, input: { name: "Other history", brandName: "Bank" } })).id;
});

const CONTACTS = csvFile([
  ["邮箱", "姓名"],
  ["a@example.com", "甲"],
  ["b@example.com", "乙"],
]);
const RESPONSES = csvFile([
  ["score", "date"],
  ["9", "2024-03-05"],
]);

function body(bytes: Buffer): ReadableStream<Uint8Array> {
  return new Blob([new Uint8Array(bytes)]).stream();
}

async function contactUpload(actor: ContactActor = admin) {
  return createContactImport({ actor, body: body(CONTACTS), fileName: "contacts.csv", format: { encoding: "auto", delimiter: "auto" } });
}

async function responseUpload(actor: ContactActor = admin, survey = surveyId) {
  return createResponseImport({ actor, surveyId: survey, body: body(RESPONSES), fileName: "history.csv", format: { encoding: "auto", delimiter: "auto" } });
}

async function importRow(actor: ContactActor, id: string) {
  return db.contactImport.findUnique({ where: { organizationId_id: { organizationId: actor.organizationId, id } } });
}

/** Moves an import's clock back by `ms` (created and last written), as if it had been uploaded then. */
async function age(actor: ContactActor, id: string, ms: number, columns: ("createdAt" | "updatedAt")[] = ["createdAt", "updatedAt"]) {
  for (const column of columns) {
    await db.$executeRawUnsafe(
      `UPDATE "ContactImport" SET "${column}" = "${column}" - make_interval(secs => $3) WHERE "organizationId" = $1::uuid AND "id" = $2::uuid`,
      actor.organizationId,
      id,
      ms / 1000,
    );
  }
}

describe("abandoned uploads expire after 24 hours", () => {
  it("deletes PENDING imports (contacts and responses) older than 24 h with their files, and keeps younger or started ones", async () => {
    const oldContacts = await contactUpload();
    const oldResponses = await responseUpload();
    const young = await contactUpload();
    const elsewhere = await contactUpload(other);
    const done = await contactUpload();
    await startContactImport({ actor: admin, importId: done.id, input: { mapping: done.mapping, onDuplicate: "update" }, background: false });
    for (const id of [oldContacts.id, oldResponses.id, done.id]) await age(admin, id, PENDING_IMPORT_TTL_MS + 60_000);
    await age(admin, young.id, PENDING_IMPORT_TTL_MS - 60_000);
    await age(other, elsewhere.id, PENDING_IMPORT_TTL_MS + 60_000);
    expect(existsSync(uploadPath(admin.organizationId, oldContacts.id))).toBe(true);

    const result = await cleanUpImports();
    expect(result.expired).toBeGreaterThanOrEqual(3);

    for (const [actor, id] of [
      [admin, oldContacts.id],
      [admin, oldResponses.id],
      [other, elsewhere.id],
    ] as const) {
      expect(await importRow(actor, id)).toBeNull();
      expect(existsSync(uploadPath(actor.organizationId, id))).toBe(false);
    }
    expect((await importRow(admin, young.id))?.status).toBe("PENDING");
    expect(existsSync(uploadPath(admin.organizationId, young.id))).toBe(true);
    expect((await importRow(admin, done.id))?.status).toBe("DONE");

    // A second pass has nothing left to do for these.
    await cleanUpImports();
    expect((await importRow(admin, young.id))?.status).toBe("PENDING");
  });

  it("removes old upload files no PENDING or RUNNING import owns, only in this database's organisations", async () => {
    const live = await contactUpload();
    const dir = path.dirname(uploadPath(admin.organizationId, live.id));
    const orphan = path.join(dir, `${randomUUID()}.upload`);
    const freshOrphan = path.join(dir, `${randomUUID()}.upload`);
    const foreignDir = path.dirname(uploadPath(randomUUID(), randomUUID()));
    const foreign = path.join(foreignDir, `${randomUUID()}.upload`);
    await mkdir(foreignDir, { recursive: true });
    for (const file of [orphan, freshOrphan, foreign]) await writeFile(file, "email\nx@example.com\n");
    const old = new Date(Date.now() - PENDING_IMPORT_TTL_MS - 3_600_000);
    for (const file of [orphan, foreign, uploadPath(admin.organizationId, live.id)]) await utimes(file, old, old);

    const result = await cleanUpImports();
    expect(result.orphanFiles).toBeGreaterThanOrEqual(1);
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(freshOrphan)).toBe(true);
    // Its row is young and PENDING: the file stays although it is old.
    expect(existsSync(uploadPath(admin.organizationId, live.id))).toBe(true);
    // Another database's organisation (dev and e2e share the folder): not ours to judge.
    expect(existsSync(foreign)).toBe(true);
    await rm(foreignDir, { recursive: true, force: true });
    await rm(freshOrphan, { force: true });
  });
});

describe("deleting a pending import", () => {
  it("lets ADMIN and OWNER delete a PENDING contact import: row and file gone", async () => {
    for (const actor of [admin, owner]) {
      const pending = await contactUpload();
      await deleteImportJob({ actor, importId: pending.id, kind: "CONTACTS" });
      expect(await importRow(admin, pending.id)).toBeNull();
      expect(existsSync(uploadPath(admin.organizationId, pending.id))).toBe(false);
    }
  });

  it("refuses MANAGER and VIEWER (forbidden) and deletes nothing", async () => {
    const pending = await contactUpload();
    for (const actor of [manager, viewer]) {
      await expectAppError(deleteImportJob({ actor, importId: pending.id, kind: "CONTACTS" }), "forbidden");
    }
    expect((await importRow(admin, pending.id))?.status).toBe("PENDING");
    expect(existsSync(uploadPath(admin.organizationId, pending.id))).toBe(true);
  });

  it("cannot reach another organisation's import (not_found) nor one of another kind, survey or a malformed id", async () => {
    const pending = await contactUpload();
    await expectAppError(deleteImportJob({ actor: other, importId: pending.id, kind: "CONTACTS" }), "not_found");
    await expectAppError(deleteImportJob({ actor: admin, importId: pending.id, kind: "RESPONSES" }), "not_found");
    await expectAppError(deleteImportJob({ actor: admin, importId: "not-a-uuid", kind: "CONTACTS" }), "not_found");
    await expectAppError(deleteImportJob({ actor: admin, importId: randomUUID(), kind: "CONTACTS" }), "not_found");
    expect((await importRow(admin, pending.id))?.status).toBe("PENDING");
    expect(existsSync(uploadPath(admin.organizationId, pending.id))).toBe(true);

    const history = await responseUpload();
    await expectAppError(deleteImportJob({ actor: admin, importId: history.id, kind: "RESPONSES", surveyId: otherSurveyId }), "not_found");
    expect((await importRow(admin, history.id))?.status).toBe("PENDING");
    await deleteImportJob({ actor: admin, importId: history.id, kind: "RESPONSES", surveyId });
    expect(await importRow(admin, history.id)).toBeNull();
    expect(existsSync(uploadPath(admin.organizationId, history.id))).toBe(false);
  });

  it("refuses an import that has started (conflict) and keeps its report", async () => {
    const done = await contactUpload();
    await startContactImport({ actor: admin, importId: done.id, input: { mapping: done.mapping, onDuplicate: "update" }, background: false });
    await expectAppError(deleteImportJob({ actor: admin, importId: done.id, kind: "CONTACTS" }), "conflict");
    const running = await contactUpload();
    await db.contactImport.update({ where: { organizationId_id: { organizationId: admin.organizationId, id: running.id } }, data: { status: "RUNNING" } });
    await expectAppError(deleteImportJob({ actor: admin, importId: running.id, kind: "CONTACTS" }), "conflict");
    expect((await importRow(admin, done.id))?.status).toBe("DONE");
    expect((await importRow(admin, running.id))?.status).toBe("RUNNING");
    expect(existsSync(uploadPath(admin.organizationId, running.id))).toBe(true);
  });
});

describe("imports left RUNNING by a crash", () => {
  it("a run's every batch moves updatedAt (the heartbeat the recovery reads)", async () => {
    const upload = await contactUpload();
    await age(admin, upload.id, 3_600_000, ["updatedAt"]);
    const started = Date.now();
    await startContactImport({ actor: admin, importId: upload.id, input: { mapping: upload.mapping, onDuplicate: "update" }, background: false });
    const after = await importRow(admin, upload.id);
    expect(after?.status).toBe("DONE");
    expect(after!.updatedAt.getTime()).toBeGreaterThan(started - 5_000);
  });

  it("marks a RUNNING import silent for 10 minutes FAILED 'interrupted', keeps what it wrote, deletes its upload; a live run is left alone", async () => {
    const crashed = await contactUpload();
    const live = await contactUpload();
    for (const upload of [crashed, live]) {
      await db.contactImport.update({
        where: { organizationId_id: { organizationId: admin.organizationId, id: upload.id } },
        data: { status: "RUNNING", startedAt: new Date(), processedRows: 1, createdCount: 1 },
      });
    }
    await age(admin, crashed.id, INTERRUPTED_IMPORT_AFTER_MS + 60_000, ["updatedAt"]);
    await age(admin, live.id, INTERRUPTED_IMPORT_AFTER_MS - 120_000, ["updatedAt"]);

    const result = await cleanUpImports();
    expect(result.interrupted).toBeGreaterThanOrEqual(1);

    const status = await getContactImport({ actor: admin, importId: crashed.id });
    expect(status.status).toBe("FAILED");
    expect(status.error).toBe("interrupted");
    expect(status.finishedAt).not.toBeNull();
    expect(status.createdCount).toBe(1);
    expect(status.processedRows).toBe(1);
    expect(existsSync(uploadPath(admin.organizationId, crashed.id))).toBe(false);

    expect((await importRow(admin, live.id))?.status).toBe("RUNNING");
    expect(existsSync(uploadPath(admin.organizationId, live.id))).toBe(true);
  });
});

describe("the worker", () => {
  it("recovers interrupted imports as it starts, and schedules the cleanup every 5 minutes", async () => {
    const crashed = await contactUpload();
    await db.contactImport.update({
      where: { organizationId_id: { organizationId: admin.organizationId, id: crashed.id } },
      data: { status: "RUNNING", startedAt: new Date() },
    });
    await age(admin, crashed.id, INTERRUPTED_IMPORT_AFTER_MS + 60_000, ["updatedAt"]);
    const transport = createSmtpTransport("smtp://127.0.0.1:9", { maxConnections: 1 });
    const worker = await startDistributionWorker({ connectionString: inject("databaseUrl"), transport, settings: SETTINGS, log: () => undefined });
    const boss = await startBoss({ connectionString: inject("databaseUrl") });
    try {
      expect((await importRow(admin, crashed.id))?.status).toBe("FAILED");
      expect((await importRow(admin, crashed.id))?.error).toBe("interrupted");
      const schedules = await boss.getSchedules();
      expect(schedules.find((schedule) => schedule.name === QUEUES.importCleanup)?.cron).toBe("*/5 * * * *");
    } finally {
      await boss.stop({ graceful: false, wait: true });
      await worker.stop();
    }
  }, 60_000);
});
