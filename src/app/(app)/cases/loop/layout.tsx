/** Roles below MANAGER get a 404 before the loading state starts streaming (src/components/layout/managers-only-layout.tsx). */
export { default } from "@/components/layout/managers-only-layout";
