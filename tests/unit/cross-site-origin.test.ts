import { describe, expect, it } from "vitest";
import { crossSiteRefusal } from "@/server/http/origin";

function request(method: string, headers: Record<string, string>, url = "http://localhost:3000/surveys/x/content"): Request {
  return new Request(url, { method, headers });
}

describe("crossSiteRefusal", () => {
  it("lets reads through whatever their origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      expect(crossSiteRefusal(request(method, { origin: "https://evil.example", "sec-fetch-site": "cross-site" }))).toBeNull();
    }
  });

  it.each([
    [{ "sec-fetch-site": "same-origin" }],
    [{ "sec-fetch-site": "same-origin", origin: "http://localhost:3000" }],
    [{ "sec-fetch-site": "none" }],
    [{ origin: "http://localhost:3000" }],
    [{ origin: "http://LOCALHOST:3000" }],
    [{ origin: "https://nps.example.com", host: "internal:3000", "x-forwarded-host": "nps.example.com" }],
    [{}], // no browser signal at all (curl, or a browser too old for both headers): SameSite=Lax is the lock
  ])("allows a same-origin write %j", (headers) => {
    expect(crossSiteRefusal(request("POST", headers))).toBeNull();
  });

  it.each([
    [{ "sec-fetch-site": "cross-site" }],
    [{ "sec-fetch-site": "cross-site", origin: "http://localhost:3000" }], // the browser's word wins over a spoofable host match
    [{ "sec-fetch-site": "same-site", origin: "http://app.localhost:3000" }],
    [{ origin: "https://evil.example" }],
    [{ origin: "http://localhost:3001" }],
    [{ origin: "null" }],
    [{ origin: "not a url" }],
  ])("refuses a cross-site write %j", (headers) => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect(crossSiteRefusal(request(method, headers))).not.toBeNull();
    }
  });
});
