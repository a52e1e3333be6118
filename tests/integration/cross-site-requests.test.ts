/**
 * Every state-changing route handler that a browser's session cookie authenticates refuses a foreign page's
 * request (403 before any session is read or anything written). The route files are enumerated, so a new
 * POST/PUT/PATCH/DELETE handler without the check (src/server/http/origin.ts, sameOriginOnly) fails here.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";

const APP_DIR = path.resolve(import.meta.dirname, "../../src/app");
const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"] as const;

/**
 * Routes that no session cookie authenticates, so a foreign page gains nothing by posting to them:
 * the REST API (an API key in `Authorization`, sent by other systems from anywhere) and the respondent's
 * links (the unguessable token in the URL is the credential; mail providers post one-click unsubscribes).
 */
const NOT_COOKIE_AUTHENTICATED = [/^api\/v1\//, /^s\/\[token\]\//];

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === "route.ts" ? [full] : [];
  });
}

/** The URL path of a route file: route groups dropped, dynamic segments filled in. */
function urlPath(file: string): string {
  const relative = path.relative(APP_DIR, path.dirname(file)).split(path.sep);
  return `/${relative
    .filter((segment) => !/^\(.*\)$/.test(segment))
    .map((segment) => (segment.startsWith("[...") ? "signout" : segment.startsWith("[") ? "0190b7a1-0000-7000-8000-000000000000" : segment))
    .join("/")}`;
}

const files = routeFiles(APP_DIR).sort();
const writeRoutes = files.flatMap((file) => {
  const source = readFileSync(file, "utf8");
  const methods = WRITE_METHODS.filter((method) =>
    new RegExp(`export\\s+(const|async\\s+function|function)\\s+${method}\\b|\\bas\\s+${method}\\b`).test(source),
  );
  const route = path.relative(APP_DIR, file).split(path.sep).filter((s) => !/^\(.*\)$/.test(s)).join("/");
  return methods.map((method) => ({ file, route, method, exempt: NOT_COOKIE_AUTHENTICATED.some((re) => re.test(route)) }));
});

const context = {
  params: Promise.resolve({ id: "0190b7a1-0000-7000-8000-000000000000", importId: "0190b7a1-0000-7000-8000-000000000000", token: "x".repeat(43), nextauth: ["signout"] }),
};

type Handler = (request: NextRequest, ctx: typeof context) => Promise<Response>;

async function call(file: string, method: string, headers: Record<string, string>): Promise<Response> {
  const mod = (await import(file)) as Record<string, Handler | undefined>;
  const handler = mod[method];
  if (!handler) throw new Error(`${file} exports no ${method}`);
  const request = new NextRequest(`http://localhost:3000${urlPath(file)}`, {
    method,
    headers: { host: "localhost:3000", "content-type": "application/json", cookie: "next-auth.session-token=stolen", ...headers },
    body: method === "DELETE" ? undefined : "{}",
  });
  return handler(request, context);
}

describe("cross-site requests to cookie-authenticated route handlers", () => {
  it("finds the state-changing handlers (the enumeration itself works)", () => {
    const checked = writeRoutes.filter((r) => !r.exempt).map((r) => `${r.method} ${r.route}`);
    expect(checked).toEqual(
      expect.arrayContaining([
        "PUT surveys/[id]/content/route.ts",
        "POST contacts/import/upload/route.ts",
        "POST contacts/import/[id]/run/route.ts",
        "POST surveys/[id]/import/upload/route.ts",
        "POST surveys/[id]/import/[importId]/run/route.ts",
        "POST api/auth/[...nextauth]/route.ts",
      ]),
    );
    expect(writeRoutes.filter((r) => r.exempt).map((r) => `${r.method} ${r.route}`)).toEqual(
      expect.arrayContaining(["POST api/v1/surveys/[id]/invitations/route.ts", "POST s/[token]/answer/route.ts"]),
    );
  });

  for (const { file, route, method, exempt } of writeRoutes.filter((r) => !r.exempt)) {
    it(`${method} ${route}: a foreign Origin or Sec-Fetch-Site is 403 forbidden, before the session is read`, async () => {
      const foreign: Record<string, string>[] = [
        { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
        { origin: "https://evil.example" },
        { origin: "null" },
        { "sec-fetch-site": "same-site", origin: "https://sub.localhost:3000" },
      ];
      for (const headers of foreign) {
        const response = await call(file, method, headers);
        expect(response.status, JSON.stringify(headers)).toBe(403);
        expect(await response.json()).toEqual({ error: { code: "forbidden", message: expect.stringContaining("Cross-site") } });
      }
      expect(exempt).toBe(false);
    });
  }

  it("the REST API stays callable from other origins (an API key, not a cookie, authenticates it)", async () => {
    const api = writeRoutes.find((r) => r.route === "api/v1/surveys/[id]/invitations/route.ts");
    expect(api).toBeDefined();
    const response = await call(api!.file, "POST", { origin: "https://crm.example", "sec-fetch-site": "cross-site" });
    expect(response.status).toBe(401);
  });
});
