import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { LOCALES } from "@/i18n/locales";
import { formatDateTime } from "@/lib/format";
import { hasRole, ROLES } from "@/lib/roles";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n/request-locale";
import { listMembers } from "@/server/members/list-members";
import { changeMemberAction, inviteMemberAction, resendInvitationAction, revokeInvitationAction, setMemberActiveAction } from "./actions";
import { ChangeMemberForm, InviteForm, RowAction } from "./member-forms";

export const metadata: Metadata = { title: "Members · 成员" };

/** Settings → Members: ADMIN and OWNER (others get the 404 page). */
export default async function MembersPage() {
  const viewer = await requireUser();
  if (!hasRole(viewer.role, "ADMIN")) notFound();
  const { t, locale } = await getTranslator();
  const { members, invitations, units } = await listMembers({ actor: viewer });
  // An admin cannot grant the owner role; an owner can.
  const roles = ROLES.filter((role) => role !== "OWNER" || viewer.role === "OWNER").map((value) => ({ value, label: t(`role.${value}`) }));
  const allRoles = ROLES.map((value) => ({ value, label: t(`role.${value}`) }));
  const unitOptions = units.map((u) => ({ value: u.id, label: `${u.name} (${u.code})` }));
  const errors = {
    already_member: t("accounts.error.already_member"),
    pending: t("accounts.error.pending"),
    last_owner: t("accounts.error.last_owner"),
    owner_only: t("accounts.error.owner_only"),
    self: t("accounts.error.self"),
    scope: t("accounts.error.scope"),
    not_found: t("accounts.error.not_found"),
    generic: t("accounts.error.generic"),
  };
  const when = (date: Date) => formatDateTime(date, locale, viewer.timeZone);
  return (
    <>
      <PageHeader title={t("accounts.members.title")} subtitle={t("accounts.members.subtitle")} />
      <div className="space-y-6">
        <Card title={t("accounts.invite.title")}>
          <InviteForm
            action={inviteMemberAction}
            roles={roles}
            units={unitOptions}
            locales={LOCALES.map((value) => ({ value, label: t(`locale.${value}`) }))}
            defaultLocale={locale}
            errors={errors}
            labels={{
              email: t("accounts.invite.email"),
              role: t("accounts.invite.role"),
              scope: t("accounts.invite.scope"),
              whole: t("accounts.members.wholeOrganization"),
              locale: t("accounts.invite.locale"),
              submit: t("accounts.invite.submit"),
              sending: t("accounts.invite.sending"),
              sent: t("accounts.invite.sent"),
              notSent: t("accounts.invite.notSent"),
              scopeHint: t("accounts.members.scopeHint"),
            }}
          />
        </Card>

        <Card title={t("accounts.members.title")}>
          <Table
            testId="members-table"
            head={
              <>
                <Th>{t("accounts.members.name")}</Th>
                <Th>{t("accounts.members.email")}</Th>
                <Th>{t("accounts.members.role")}</Th>
                <Th>{t("accounts.members.scope")}</Th>
                <Th>{t("accounts.members.status")}</Th>
                <Th>{t("accounts.members.actions")}</Th>
              </>
            }
          >
            {members.map((m) => {
              const ownerRow = m.role === "OWNER";
              const mayEdit = viewer.role === "OWNER" || !ownerRow;
              return (
                <Tr key={m.membershipId}>
                  <Td>
                    {m.name} {m.isYou && <span className="text-xs text-slate-500">{t("accounts.members.you")}</span>}
                  </Td>
                  <Td className="break-all">{m.email}</Td>
                  <Td data-testid="member-role">{t(`role.${m.role}`)}</Td>
                  <Td>{m.scopeUnitName ?? t("accounts.members.wholeOrganization")}</Td>
                  <Td>
                    <span className={m.active ? "text-green-800" : "text-slate-500"} data-testid="member-status">
                      {m.active ? t("accounts.members.active") : t("accounts.members.deactivated")}
                    </span>
                  </Td>
                  <Td>
                    {mayEdit && (
                      <div className="space-y-2">
                        <ChangeMemberForm
                          action={changeMemberAction}
                          id={m.membershipId}
                          role={m.role}
                          scopeUnitId={m.scopeUnitId}
                          roles={ownerRow ? allRoles : roles}
                          units={unitOptions}
                          errors={errors}
                          labels={{ role: t("accounts.members.role"), scope: t("accounts.members.scope"), whole: t("accounts.members.wholeOrganization"), save: t("accounts.members.save"), saved: t("accounts.members.saved") }}
                        />
                        {!m.isYou && (
                          <RowAction
                            action={setMemberActiveAction}
                            id={m.membershipId}
                            fields={{ active: m.active ? "0" : "1" }}
                            label={m.active ? t("accounts.members.deactivate") : t("accounts.members.reactivate")}
                            confirm={m.active ? t("accounts.members.deactivateConfirm", { name: m.name }) : undefined}
                            danger={m.active}
                            errors={errors}
                          />
                        )}
                      </div>
                    )}
                  </Td>
                </Tr>
              );
            })}
          </Table>
        </Card>

        <Card title={t("accounts.invitations.title")}>
          {invitations.length === 0 ? (
            <p className="text-sm text-slate-600">{t("accounts.invitations.empty")}</p>
          ) : (
            <Table
              testId="invitations-table"
              head={
                <>
                  <Th>{t("accounts.members.email")}</Th>
                  <Th>{t("accounts.members.role")}</Th>
                  <Th>{t("accounts.members.scope")}</Th>
                  <Th>{t("accounts.invitations.sentAt")}</Th>
                  <Th>{t("accounts.invitations.expiresAt")}</Th>
                  <Th>{t("accounts.members.status")}</Th>
                  <Th>{t("accounts.members.actions")}</Th>
                </>
              }
            >
              {invitations.map((i) => (
                <Tr key={i.id}>
                  <Td className="break-all">{i.email}</Td>
                  <Td>{t(`role.${i.role}`)}</Td>
                  <Td>{i.scopeUnitName ?? t("accounts.members.wholeOrganization")}</Td>
                  <Td className="whitespace-nowrap">{when(i.sentAt)}</Td>
                  <Td className="whitespace-nowrap">{when(i.expiresAt)}</Td>
                  <Td data-testid="invitation-status">{t(`accounts.invitations.${i.status}`)}</Td>
                  <Td>
                    {(i.status === "pending" || i.status === "expired") && (i.role !== "OWNER" || viewer.role === "OWNER") && (
                      <div className="flex flex-wrap gap-2">
                        <RowAction action={resendInvitationAction} id={i.id} label={t("accounts.invitations.resend")} errors={errors} done={t("accounts.invite.sent")} />
                        <RowAction action={revokeInvitationAction} id={i.id} label={t("accounts.invitations.revoke")} errors={errors} danger />
                      </div>
                    )}
                  </Td>
                </Tr>
              ))}
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}
