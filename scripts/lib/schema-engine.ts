/**
 * Prisma's schema engine compiled to WebAssembly (`@prisma/schema-engine-wasm`, the build that matches our
 * Prisma version), used offline to compute the SQL between two Prisma schemas. The engine insists on a live
 * connection through a driver adapter even for a pure schema-to-schema diff, so callers pass a database URL.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as engineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";

let initialised = false;

async function initialiseWasm(): Promise<void> {
  if (initialised) return;
  const require = createRequire(import.meta.url);
  const wasmPath = require.resolve("@prisma/schema-engine-wasm").replace(/schema_engine\.js$/, "schema_engine_bg.wasm");
  const compiled = await WebAssembly.compile(readFileSync(wasmPath));
  const instance = await WebAssembly.instantiate(compiled, {
    "./schema_engine_bg.js": engineBindings as unknown as WebAssembly.ModuleImports,
  });
  engineBindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  initialised = true;
}

/** SQL that takes a database from schema `from` (null = empty) to schema `to`. Empty string = no change. */
export async function diffSchemas(options: { from: string | null; to: string; databaseUrl: string }): Promise<string> {
  await initialiseWasm();
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: options.databaseUrl }));
  const engine = await engineBindings.SchemaEngine.new(
    { datamodels: [["schema.prisma", options.to]] },
    () => undefined,
    adapter,
  );
  try {
    const result = await engine.diff({
      from: options.from === null ? { tag: "empty" } : { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: options.from }] },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: options.to }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    const sql = result.stdout ?? "";
    return /^\s*(-- This is an empty migration\.)?\s*$/.test(sql) ? "" : sql;
  } finally {
    engine.free();
  }
}
