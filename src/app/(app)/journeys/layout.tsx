export { default } from "@/components/layout/managers-only-layout";
