import { redirect } from "next/navigation";
import { getViewer } from "@/server/auth/session";
import { isFirstRun } from "@/server/setup/first-run";

export default async function Home() {
  // An installation without any organisation starts with its setup (issue 16).
  if (await isFirstRun()) redirect("/setup");
  redirect((await getViewer()) ? "/dashboard" : "/login");
}
