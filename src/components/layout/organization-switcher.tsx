"use client";

import { getCsrfToken } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";

/**
 * The header's organisation picker for a user with several memberships. Choosing one updates the session token
 * (next-auth's session update: the jwt callback checks the membership, src/server/members/switch-organization.ts)
 * and reloads the dashboard in that organisation. With one organisation it is just its name.
 */
export function OrganizationSwitcher({
  current,
  organizations,
  labels,
}: {
  current: { id: string; name: string };
  organizations: { id: string; name: string }[];
  labels: { label: string; failed: string };
}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);
  if (organizations.length < 2) {
    return <span className="truncate text-sm text-slate-600">{current.name}</span>;
  }
  async function choose(organizationId: string) {
    if (organizationId === current.id) return;
    setPending(true);
    setFailed(false);
    try {
      const csrfToken = await getCsrfToken();
      const response = await fetch("/api/auth/session", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ csrfToken, data: { organizationId } }),
      });
      if (!response.ok) throw new Error(String(response.status));
      router.replace("/dashboard");
      router.refresh();
      setPending(false);
    } catch {
      setPending(false);
      setFailed(true);
    }
  }
  return (
    <span className="inline-flex min-w-0 items-center gap-1">
      <label htmlFor="organization-switcher" className="sr-only">
        {labels.label}
      </label>
      <select
        id="organization-switcher"
        data-testid="organization-switcher"
        className="max-w-[14rem] truncate rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-700"
        value={current.id}
        disabled={pending}
        onChange={(event) => void choose(event.target.value)}
      >
        {organizations.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
      {failed && (
        <span className="text-xs text-red-700" role="alert">
          {labels.failed}
        </span>
      )}
    </span>
  );
}
