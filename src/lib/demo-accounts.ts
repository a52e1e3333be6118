/** The demo organisation's sign-ins, seeded by prisma/seed.ts and listed in the README. Demo data only. */
export const DEMO_PASSWORD = "nps-demo-2026";
export const DEMO_ACCOUNTS = [
  { email: "owner@demo-bank.example", name: "王芳 Wang Fang", role: "OWNER" },
  { email: "admin@demo-bank.example", name: "李强 Li Qiang", role: "ADMIN" },
  { email: "manager@demo-bank.example", name: "陈静 Chen Jing", role: "MANAGER" },
  { email: "viewer@demo-bank.example", name: "赵磊 Zhao Lei", role: "VIEWER" },
] as const;
