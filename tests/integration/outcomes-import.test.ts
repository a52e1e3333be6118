import { buffer } from "node:stream/consumers";
import { beforeAll, describe, expect, it } from "vitest";
import { createTranslator } from "@/i18n/translate";
import type { ContactActor } from "@/server/contacts/actor";
import { db } from "@/server/db";
import { createOutcomeImport, previewOutcomeImport } from "@/server/outcomes/import-create";
import { outcomeImportReportCsv } from "@/server/outcomes/import-report";
import { startOutcomeImport } from "@/server/outcomes/import-run";
import { getOutcomeImport } from "@/server/outcomes/import-status";
import { recordOutcomeEvents } from "@/server/outcomes/record-outcome-events";
import type { RunOutcomeImportInput } from "@/schemas/outcome-import";
import { csvFile, xlsxFile, type FileEncoding } from "../fixtures/contacts-files";
import { createOrganization, expectAppError } from "./support/fixtures";

const NOW = new Date("2026-11-30T12:00:00Z");
let admin: ContactActor;
let other: ContactActor;
let li: string;
let wang: string;

beforeAll(async () => {
  const org = await createOrganization("Outcome Import Bank");
  const second = await createOrganization("Outcome Import Other");
  admin = { organizationId: org.id, userId: null, role: "ADMIN" };
  other = { organizationId: second.id, userId: null, role: "OWNER" };
  li = (await db.contact.create({ data: { organizationId: org.id, email: "li@example.com", externalId: "C-1" } })).id;
  wang = (await db.contact.create({ data: { organizationId: org.id, email: "wang@example.com", externalId: "C-2" } })).id;
  // The other organisation has contacts with the same customer id and email — never matched from here.
  await db.contact.create({ data: { organizationId: second.id, email: "zhao@example.com", externalId: "C-9" } });
  await db.contact.create({ data: { organizationId: second.id, email: "li@example.com", externalId: "C-1" } });
});

const body = (bytes: Buffer) => new Blob([new Uint8Array(bytes)]).stream();

async function importFile(actor: ContactActor, bytes: Buffer, options: { encoding?: string; fileName?: string; input?: Partial<RunOutcomeImportInput> } = {}) {
  const preview = await createOutcomeImport({ actor, body: body(bytes), fileName: options.fileName ?? "outcomes.csv", format: { encoding: options.encoding ?? "auto", delimiter: "auto" } });
  await startOutcomeImport({ actor, importId: preview.id, input: { mapping: preview.mapping, ...options.input }, background: false, now: NOW });
  return { preview, result: await getOutcomeImport({ actor, importId: preview.id }) };
}

const events = (organizationId: string) => db.outcomeEvent.findMany({ where: { organizationId }, orderBy: { externalId: "asc" } });

const HEADER = ["事件编号", "客户编号", "邮箱", "类型", "日期", "金额", "币种"];
const GOOD = [
  ["E-1", "C-1", "", "流失", "2026-10-01 08:00", "", ""],
  ["E-2", "", "WANG@example.com", "续约", "2026/10/02", "1,200.50", ""],
  ["E-3", "C-2", "", "投诉", "2026-10-03T09:00:00Z", "", ""],
  ["E-4", "C-1", "", "网点转介", "2026-10-04", "88", "usd"],
];
const UNMATCHED = [
  ["E-5", "C-404", "", "流失", "2026-10-05", "", ""],
  // Customer id and email of the other organisation's contact.
  ["E-6", "C-9", "zhao@example.com", "流失", "2026-10-05", "", ""],
];
const BAD = [
  ["", "C-1", "", "流失", "2026-10-05", "", ""],
  ["E-7", "C-1", "", "不知道", "2026-10-05", "", ""],
  ["E-8", "C-1", "", "流失", "2027-01-01", "", ""],
  ["E-9", "C-1", "", "收入", "2026-10-05", "=1+2", ""],
];
const REPEATED = [["E-1", "C-2", "", "购买", "2026-10-09", "5", ""]];

describe("outcome import", () => {
  it("imports a GBK file: rows matched by customer id or email, unmatched and bad rows reported by row, a repeated id counted as a duplicate", async () => {
    const bytes = csvFile([HEADER, ...GOOD, ...UNMATCHED, ...BAD, ...REPEATED], { encoding: "gbk" });
    const { preview, result } = await importFile(admin, bytes, { input: { typeValues: { 网点转介: "referral" } } });
    expect(preview.encoding).toBe("gb18030");
    expect(preview.mapping).toEqual({ 事件编号: "externalId", 客户编号: "customerId", 邮箱: "email", 类型: "type", 日期: "occurredAt", 金额: "amount", 币种: "currency" });
    // Every value of the type column is offered to the type step, not only the first rows'.
    expect(preview.values["类型"]).toEqual(["不知道", "投诉", "收入", "流失", "网点转介", "续约", "购买"].sort());
    expect(result).toMatchObject({ status: "DONE", totalRows: 11, processedRows: 11, createdCount: 4, duplicateCount: 1, skippedCount: 6 });
    expect(result.rowErrors).toEqual([
      { row: 6, reason: "contact_not_found", field: "customerId" },
      { row: 7, reason: "contact_not_found", field: "customerId" },
      { row: 8, reason: "external_id_missing", field: "externalId" },
      { row: 9, reason: "type_unknown", field: "type" },
      { row: 10, reason: "date_future", field: "occurredAt" },
      { row: 11, reason: "amount_invalid", field: "amount" },
    ]);
    const stored = await events(admin.organizationId);
    expect(stored.map((e) => [e.externalId, e.contactId, e.type, e.occurredAt.toISOString(), e.amount?.toString() ?? null, e.currency])).toEqual([
      ["E-1", li, "churned", "2026-10-01T00:00:00.000Z", null, null],
      ["E-2", wang, "purchased", "2026-10-01T16:00:00.000Z", "1200.5", "CNY"],
      ["E-3", wang, "complaint", "2026-10-03T09:00:00.000Z", null, null],
      ["E-4", li, "referral", "2026-10-03T16:00:00.000Z", "88", "USD"],
    ]);
    // Nothing of this file reached the other organisation, whose contacts share an id and an email.
    expect(await events(other.organizationId)).toEqual([]);
  });

  it("the same file again changes nothing: every matched row is a duplicate, unmatched rows are reported again", async () => {
    const before = await events(admin.organizationId);
    const bytes = csvFile([HEADER, ...GOOD, ...UNMATCHED], { encoding: "utf-8-bom" });
    const { preview, result } = await importFile(admin, bytes, { input: { typeValues: { 网点转介: "referral" } } });
    expect(preview.encoding).toBe("utf-8");
    expect(result).toMatchObject({ status: "DONE", createdCount: 0, duplicateCount: 4, skippedCount: 2 });
    expect(result.rowErrors.map((e) => e.reason)).toEqual(["contact_not_found", "contact_not_found"]);
    expect(await events(admin.organizationId)).toEqual(before);
  });

  it("is idempotent with the API: an id sent by POST /api/v1/outcomes is a duplicate in a file, and the reverse", async () => {
    const api = await recordOutcomeEvents({
      organizationId: admin.organizationId,
      input: { events: [{ externalId: "API-1", customerId: "C-2", type: "churned", occurredAt: "2026-09-01T00:00:00Z" }] },
    });
    expect(api).toEqual({ accepted: 1, duplicates: 0, unmatched: [] });
    const { result } = await importFile(admin, csvFile([HEADER, ["API-1", "C-1", "", "complaint", "2026-10-10", "", ""], ["F-1", "C-1", "", "complaint", "2026-10-10", "", ""]]));
    expect(result).toMatchObject({ createdCount: 1, duplicateCount: 1, skippedCount: 0 });
    const apiEvent = await db.outcomeEvent.findFirstOrThrow({ where: { organizationId: admin.organizationId, externalId: "API-1" } });
    expect([apiEvent.contactId, apiEvent.type]).toEqual([wang, "churned"]);
    const again = await recordOutcomeEvents({
      organizationId: admin.organizationId,
      input: { events: [{ externalId: "F-1", customerId: "C-1", type: "complaint", occurredAt: "2026-10-10T00:00:00Z" }] },
    });
    expect(again).toEqual({ accepted: 0, duplicates: 1, unmatched: [] });
  });

  it("reads an Excel workbook (dates as Excel dates) and skipped type values are reported, not dropped", async () => {
    const bytes = await xlsxFile([
      ["Event ID", "Email", "Type", "Date", "Amount"],
      ["X-1", "li@example.com", "Revenue", "2026-08-01", 3500.25],
      ["X-2", "li@example.com", "其他", "2026-08-02", ""],
    ]);
    const { preview, result } = await importFile(admin, bytes, { fileName: "outcomes.xlsx", input: { typeValues: { 其他: "" } } });
    expect(preview.kind).toBe("xlsx");
    expect(result).toMatchObject({ status: "DONE", createdCount: 1, skippedCount: 1 });
    expect(result.rowErrors).toEqual([{ row: 3, reason: "type_skipped", field: "type" }]);
    const x1 = await db.outcomeEvent.findFirstOrThrow({ where: { organizationId: admin.organizationId, externalId: "X-1" } });
    expect([x1.type, x1.amount?.toString(), x1.currency, x1.contactId]).toEqual(["revenue", "3500.25", "CNY", li]);
  });

  it("re-reads a pending upload in another encoding; a wrong explicit encoding is a 422 that leaves nothing behind", async () => {
    const bytes = csvFile([HEADER, ...GOOD], { encoding: "gbk" });
    const before = await db.contactImport.count({ where: { organizationId: admin.organizationId } });
    await expectAppError(createOutcomeImport({ actor: admin, body: body(bytes), fileName: "o.csv", format: { encoding: "utf-8", delimiter: "auto" } }), "validation_failed");
    expect(await db.contactImport.count({ where: { organizationId: admin.organizationId } })).toBe(before);
    const preview = await createOutcomeImport({ actor: admin, body: body(bytes), fileName: "o.csv", format: { encoding: "gbk", delimiter: "auto" } });
    const again = await previewOutcomeImport({ actor: admin, importId: preview.id, format: { encoding: "auto", delimiter: "comma" } });
    expect(again.headers).toEqual(HEADER);
    expect(again.values["类型"]).toContain("流失");
  });

  it("refuses an incomplete mapping before claiming the import", async () => {
    const preview = await createOutcomeImport({ actor: admin, body: body(csvFile([HEADER, ...GOOD])), fileName: "o.csv", format: { encoding: "auto", delimiter: "auto" } });
    const error = await expectAppError(
      startOutcomeImport({ actor: admin, importId: preview.id, input: { mapping: { 事件编号: "externalId", 类型: "type", 日期: "occurredAt" } }, background: false, now: NOW }),
      "validation_failed",
    );
    expect(error.details).toMatchObject({ problem: "mapping_contact_required" });
    expect((await getOutcomeImport({ actor: admin, importId: preview.id })).status).toBe("PENDING");
  });

  it("ADMIN and OWNER only; another organisation cannot read, run or download an import", async () => {
    const bytes = csvFile([HEADER, ...GOOD]);
    for (const role of ["VIEWER", "MANAGER"] as const) {
      await expectAppError(createOutcomeImport({ actor: { ...admin, role }, body: body(bytes), fileName: "o.csv", format: { encoding: "auto", delimiter: "auto" } }), "forbidden");
    }
    const preview = await createOutcomeImport({ actor: admin, body: body(bytes), fileName: "o.csv", format: { encoding: "auto", delimiter: "auto" } });
    await expectAppError(startOutcomeImport({ actor: { ...admin, role: "MANAGER" }, importId: preview.id, input: { mapping: preview.mapping } }), "forbidden");
    await expectAppError(getOutcomeImport({ actor: other, importId: preview.id }), "not_found");
    await expectAppError(startOutcomeImport({ actor: other, importId: preview.id, input: { mapping: preview.mapping }, background: false }), "not_found");
    await expectAppError(outcomeImportReportCsv({ actor: other, importId: preview.id, t: createTranslator("en") }), "not_found");
  });

  it("the row report downloads as CSV: BOM, translated header and reasons, row numbers, formula-safe", async () => {
    const { preview } = await importFile(admin, csvFile([HEADER, ...UNMATCHED, ["E-10", "C-1", "", "=HYPERLINK(\"x\")", "2026-10-05", "", ""]]));
    const { stream, fileName } = await outcomeImportReportCsv({ actor: admin, importId: preview.id, t: createTranslator("zh-CN") });
    const csv = (await buffer(stream)).toString("utf-8");
    expect(fileName).toBe("outcomes-report.csv");
    expect(csv.startsWith("\uFEFF行号,原因,列,原因代码\r\n")).toBe(true);
    const lines = csv.slice(1).trim().split("\r\n");
    expect(lines.slice(1)).toEqual([
      "2,找不到该客户编号/邮箱对应的联系人（未匹配）,客户编号,contact_not_found",
      "3,找不到该客户编号/邮箱对应的联系人（未匹配）,客户编号,contact_not_found",
      "4,无法识别的类型（请为其选择类型）,类型,type_unknown",
    ]);
    expect(lines.every((line) => !/(^|,)[=+\-@]/.test(line))).toBe(true);
  });
});

describe("outcome import at size", () => {
  it("writes 12,000 rows in set-based batches: unmatched rows counted exactly, duplicates inside the file counted", async () => {
    const org = await createOrganization("Outcome Import Size");
    const actor: ContactActor = { organizationId: org.id, userId: null, role: "OWNER" };
    await db.$executeRaw`INSERT INTO "Contact" ("id", "organizationId", "externalId", "email", "createdAt", "updatedAt")
      SELECT gen_random_uuid(), ${org.id}::uuid, 'K-' || g, 'k' || g || '@example.com', now(), now() FROM generate_series(1, 3000) g`;
    const rows: string[][] = [["id", "customer id", "type", "date", "amount"]];
    for (let i = 0; i < 12_000; i++) rows.push([`S-${i % 11_000}`, `K-${(i % 3500) + 1}`, i % 3 ? "purchased" : "churned", "2026-09-01", String(i)]);
    const { result } = await importFile(actor, csvFile(rows, { encoding: "utf-8" as FileEncoding }));
    // Customer ids K-3001 … K-3500 do not exist; ids S-0 … S-999 appear twice (the second time a duplicate).
    const unmatched = rows.slice(1).filter((r) => Number(r[1]!.slice(2)) > 3000);
    const firstSeen = new Set<string>();
    let duplicates = 0;
    for (const r of rows.slice(1)) {
      if (Number(r[1]!.slice(2)) > 3000) continue;
      if (firstSeen.has(r[0]!)) duplicates++;
      else firstSeen.add(r[0]!);
    }
    expect(result).toMatchObject({ status: "DONE", processedRows: 12_000, skippedCount: unmatched.length, createdCount: firstSeen.size, duplicateCount: duplicates });
    expect(await db.outcomeEvent.count({ where: { organizationId: org.id } })).toBe(firstSeen.size);
    // Batches are written in the file's order (the next one is read while the previous is written): an id repeated in a
    // later batch keeps its first row's values.
    const repeated = await db.outcomeEvent.findMany({ where: { organizationId: org.id, externalId: { in: ["S-5", "S-999"] } }, orderBy: { externalId: "asc" } });
    expect(repeated.map((e) => [e.externalId, Number(e.amount)])).toEqual([
      ["S-5", 5],
      ["S-999", 999],
    ]);
  });
});
