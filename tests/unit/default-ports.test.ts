import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_PORTS, EPHEMERAL_PORT_MIN } from "../../scripts/lib/ports";

const ROOT = path.resolve(import.meta.dirname, "../..");

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(relative);
    return entry.name.endsWith(".ts") ? [relative] : [];
  });
}

/** Where our servers' default ports are written (the issue's list, plus the e2e helpers and Prisma's config). */
const FILES = [
  // ports.ts itself names the old ports in its explanation.
  ...tsFiles("scripts").filter((file) => file !== path.join("scripts", "lib", "ports.ts")),
  "playwright.config.ts",
  "prisma.config.ts",
  "vitest.config.ts",
  "tests/integration/global-setup.ts",
  "tests/e2e/helpers.ts",
];

describe("default ports", () => {
  it("are below Linux's ephemeral range (32768–60999) and distinct", () => {
    const ports = Object.values(DEFAULT_PORTS);
    for (const port of ports) {
      expect(port).toBeGreaterThan(1024);
      expect(port).toBeLessThan(EPHEMERAL_PORT_MIN);
    }
    expect(new Set(ports).size).toBe(ports.length);
    // Not the Citus test cluster's (25436–25438) nor the 245xx–246xx ports used beside us.
    for (const port of ports) {
      expect(port >= 25436 && port <= 25438).toBe(false);
      expect(port >= 24500 && port <= 24699).toBe(false);
    }
  });

  it("no script, config or test setup falls back to a port inside the ephemeral range", () => {
    const offenders: string[] = [];
    for (const file of FILES) {
      const lines = readFileSync(path.join(ROOT, file), "utf8").split("\n");
      lines.forEach((line, index) => {
        if (!/port|PORT|127\.0\.0\.1:|localhost:/.test(line)) return;
        for (const match of line.matchAll(/(?<![\d.])(\d{5})(?![\d.])/g)) {
          const value = Number(match[1]);
          if (value >= EPHEMERAL_PORT_MIN && value <= 60999) offenders.push(`${file}:${index + 1}: ${line.trim()}`);
        }
      });
    }
    expect(offenders).toEqual([]);
  });
});
