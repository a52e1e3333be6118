import { redirect } from "next/navigation";
import { getViewer } from "@/server/auth/session";

export default async function Home() {
  redirect((await getViewer()) ? "/dashboard" : "/login");
}
