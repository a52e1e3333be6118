-- DropForeignKey
ALTER TABLE "Membership" DROP CONSTRAINT "Membership_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "Membership" DROP CONSTRAINT "Membership_organizationId_scopeUnitId_fkey";

-- DropForeignKey
ALTER TABLE "Survey" DROP CONSTRAINT "Survey_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "SurveyRevision" DROP CONSTRAINT "SurveyRevision_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "SurveyRevision" DROP CONSTRAINT "SurveyRevision_organizationId_surveyId_fkey";

-- DropForeignKey
ALTER TABLE "SurveyLink" DROP CONSTRAINT "SurveyLink_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "SurveyLink" DROP CONSTRAINT "SurveyLink_organizationId_surveyId_fkey";

-- DropForeignKey
ALTER TABLE "Question" DROP CONSTRAINT "Question_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "Question" DROP CONSTRAINT "Question_organizationId_surveyId_fkey";

-- DropForeignKey
ALTER TABLE "Contact" DROP CONSTRAINT "Contact_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "Invitation" DROP CONSTRAINT "Invitation_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "Invitation" DROP CONSTRAINT "Invitation_organizationId_surveyId_fkey";

-- DropForeignKey
ALTER TABLE "Invitation" DROP CONSTRAINT "Invitation_organizationId_contactId_fkey";

-- DropForeignKey
ALTER TABLE "Invitation" DROP CONSTRAINT "Invitation_organizationId_campaignId_fkey";

-- DropForeignKey
ALTER TABLE "Campaign" DROP CONSTRAINT "Campaign_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "Campaign" DROP CONSTRAINT "Campaign_organizationId_surveyId_fkey";

-- DropForeignKey
ALTER TABLE "InvitationSkip" DROP CONSTRAINT "InvitationSkip_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "InvitationSkip" DROP CONSTRAINT "InvitationSkip_organizationId_surveyId_fkey";

-- DropForeignKey
ALTER TABLE "InvitationSkip" DROP CONSTRAINT "InvitationSkip_organizationId_campaignId_fkey";

-- DropForeignKey
ALTER TABLE "InvitationSkip" DROP CONSTRAINT "InvitationSkip_organizationId_contactId_fkey";

-- DropForeignKey
ALTER TABLE "ContactImport" DROP CONSTRAINT "ContactImport_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "Response" DROP CONSTRAINT "Response_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "Response" DROP CONSTRAINT "Response_organizationId_surveyId_fkey";

-- DropForeignKey
ALTER TABLE "Response" DROP CONSTRAINT "Response_organizationId_invitationId_fkey";

-- DropForeignKey
ALTER TABLE "Response" DROP CONSTRAINT "Response_organizationId_contactId_fkey";

-- DropForeignKey
ALTER TABLE "Response" DROP CONSTRAINT "Response_organizationId_surveyLinkId_fkey";

-- DropForeignKey
ALTER TABLE "Response" DROP CONSTRAINT "Response_organizationId_unitId_fkey";

-- DropForeignKey
ALTER TABLE "Response" DROP CONSTRAINT "Response_organizationId_employeeId_fkey";

-- DropForeignKey
ALTER TABLE "Answer" DROP CONSTRAINT "Answer_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "Answer" DROP CONSTRAINT "Answer_organizationId_responseId_fkey";

-- DropForeignKey
ALTER TABLE "Answer" DROP CONSTRAINT "Answer_organizationId_questionId_fkey";

-- DropForeignKey
ALTER TABLE "ApiKey" DROP CONSTRAINT "ApiKey_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "OrgUnit" DROP CONSTRAINT "OrgUnit_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "OrgUnit" DROP CONSTRAINT "OrgUnit_organizationId_parentId_fkey";

-- DropForeignKey
ALTER TABLE "Employee" DROP CONSTRAINT "Employee_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "Employee" DROP CONSTRAINT "Employee_organizationId_unitId_fkey";

-- DropForeignKey
ALTER TABLE "CaseRule" DROP CONSTRAINT "CaseRule_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "CaseRule" DROP CONSTRAINT "CaseRule_organizationId_ownerUnitId_fkey";

-- DropForeignKey
ALTER TABLE "RootCause" DROP CONSTRAINT "RootCause_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "Case" DROP CONSTRAINT "Case_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "Case" DROP CONSTRAINT "Case_organizationId_responseId_fkey";

-- DropForeignKey
ALTER TABLE "Case" DROP CONSTRAINT "Case_organizationId_unitId_fkey";

-- DropForeignKey
ALTER TABLE "Case" DROP CONSTRAINT "Case_organizationId_ruleId_fkey";

-- DropForeignKey
ALTER TABLE "Case" DROP CONSTRAINT "Case_organizationId_rootCauseId_fkey";

-- DropForeignKey
ALTER TABLE "CaseEvent" DROP CONSTRAINT "CaseEvent_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "CaseEvent" DROP CONSTRAINT "CaseEvent_organizationId_caseId_fkey";

-- DropForeignKey
ALTER TABLE "ReplyTemplate" DROP CONSTRAINT "ReplyTemplate_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "DigestRun" DROP CONSTRAINT "DigestRun_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "AttributeDefinition" DROP CONSTRAINT "AttributeDefinition_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "ResponseAggregate" DROP CONSTRAINT "ResponseAggregate_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "ResponseAggregate" DROP CONSTRAINT "ResponseAggregate_organizationId_surveyId_fkey";

-- DropIndex
DROP INDEX "Organization_slug_key";

-- DropIndex
DROP INDEX "Survey_organizationId_id_key";

-- DropIndex
DROP INDEX "SurveyLink_token_key";

-- DropIndex
DROP INDEX "SurveyLink_organizationId_id_key";

-- DropIndex
DROP INDEX "Question_organizationId_id_key";

-- DropIndex
DROP INDEX "Question_surveyId_key_key";

-- DropIndex
DROP INDEX "Contact_organizationId_id_key";

-- DropIndex
DROP INDEX "Invitation_token_key";

-- DropIndex
DROP INDEX "Invitation_organizationId_id_key";

-- DropIndex
DROP INDEX "Campaign_organizationId_id_key";

-- DropIndex
DROP INDEX "ContactImport_organizationId_id_key";

-- DropIndex
DROP INDEX "Response_organizationId_id_key";

-- DropIndex
DROP INDEX "Answer_responseId_questionId_key";

-- DropIndex
DROP INDEX "ApiKey_prefix_key";

-- DropIndex
DROP INDEX "ApiKey_hash_key";

-- DropIndex
DROP INDEX "OrgUnit_organizationId_id_key";

-- DropIndex
DROP INDEX "Employee_organizationId_id_key";

-- DropIndex
DROP INDEX "CaseRule_organizationId_id_key";

-- DropIndex
DROP INDEX "RootCause_organizationId_id_key";

-- DropIndex
DROP INDEX "Case_organizationId_id_key";

-- AlterTable
ALTER TABLE "Membership" DROP CONSTRAINT "Membership_pkey",
ADD CONSTRAINT "Membership_pkey" PRIMARY KEY ("organizationId", "id");

-- AlterTable
ALTER TABLE "Survey" DROP CONSTRAINT "Survey_pkey",
ADD CONSTRAINT "Survey_pkey" PRIMARY KEY ("organizationId", "id");

-- AlterTable
ALTER TABLE "SurveyRevision" DROP CONSTRAINT "SurveyRevision_pkey",
ADD CONSTRAINT "SurveyRevision_pkey" PRIMARY KEY ("organizationId", "id");

-- AlterTable
ALTER TABLE "SurveyLink" DROP CONSTRAINT "SurveyLink_pkey",
ADD CONSTRAINT "SurveyLink_pkey" PRIMARY KEY ("organizationId", "id");

-- AlterTable
ALTER TABLE "Question" DROP CONSTRAINT "Question_pkey",
ADD CONSTRAINT "Question_pkey" PRIMARY KEY ("organizationId", "id");

-- AlterTable
ALTER TABLE "Contact" DROP CONSTRAINT "Contact_pkey",
ADD CONSTRAINT "Contact_pkey" PRIMARY KEY ("organizationId", "id");

-- AlterTable
ALTER TABLE "Invitation" DROP CONSTRAINT "Invitation_pkey",
ADD CONSTRAINT "Invitation_pkey" PRIMARY KEY ("organizationId", "id");

-- AlterTable
ALTER TABLE "Campaign" DROP CONSTRAINT "Campaign_pkey",
ADD CONSTRAINT "Campaign_pkey" PRIMARY KEY ("organizationId", "id");

-- AlterTable
ALTER TABLE "InvitationSkip" DROP CONSTRAINT "InvitationSkip_pkey",
ADD CONSTRAINT "InvitationSkip_pkey" PRIMARY KEY ("organizationId", "id");

-- AlterTable
ALTER TABLE "ContactImport" DROP CONSTRAINT "ContactImport_pkey",
ADD CONSTRAINT "ContactImport_pkey" PRIMARY KEY ("organizationId", "id");

-- AlterTable
ALTER TABLE "Response" DROP CONSTRAINT "Response_pkey",
ADD CONSTRAINT "Response_pkey" PRIMARY KEY ("organizationId", "id");

-- AlterTable
ALTER TABLE "Answer" DROP CONSTRAINT "Answer_pkey",
ADD CONSTRAINT "Answer_pkey" PRIMARY KEY ("organizationId", "id");

-- AlterTable
ALTER TABLE "ApiKey" DROP CONSTRAINT "ApiKey_pkey",
ADD CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("organizationId", "id");

-- AlterTable
ALTER TABLE "OrgUnit" DROP CONSTRAINT "OrgUnit_pkey",
ADD CONSTRAINT "OrgUnit_pkey" PRIMARY KEY ("organizationId", "id");

-- AlterTable
ALTER TABLE "Employee" DROP CONSTRAINT "Employee_pkey",
ADD CONSTRAINT "Employee_pkey" PRIMARY KEY ("organizationId", "id");

-- AlterTable
ALTER TABLE "CaseRule" DROP CONSTRAINT "CaseRule_pkey",
ADD CONSTRAINT "CaseRule_pkey" PRIMARY KEY ("organizationId", "id");

-- AlterTable
ALTER TABLE "RootCause" DROP CONSTRAINT "RootCause_pkey",
ADD CONSTRAINT "RootCause_pkey" PRIMARY KEY ("organizationId", "id");

-- AlterTable
ALTER TABLE "Case" DROP CONSTRAINT "Case_pkey",
ADD CONSTRAINT "Case_pkey" PRIMARY KEY ("organizationId", "id");

-- AlterTable
ALTER TABLE "CaseEvent" DROP CONSTRAINT "CaseEvent_pkey",
ADD CONSTRAINT "CaseEvent_pkey" PRIMARY KEY ("organizationId", "id");

-- AlterTable
ALTER TABLE "ReplyTemplate" DROP CONSTRAINT "ReplyTemplate_pkey",
ADD CONSTRAINT "ReplyTemplate_pkey" PRIMARY KEY ("organizationId", "id");

-- AlterTable
ALTER TABLE "DigestRun" DROP CONSTRAINT "DigestRun_pkey",
ADD CONSTRAINT "DigestRun_pkey" PRIMARY KEY ("organizationId", "id");

-- CreateIndex
CREATE INDEX "Organization_slug_idx" ON "Organization"("slug");

-- CreateIndex
CREATE INDEX "SurveyLink_token_idx" ON "SurveyLink"("token");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyLink_organizationId_token_key" ON "SurveyLink"("organizationId", "token");

-- CreateIndex
CREATE UNIQUE INDEX "Question_organizationId_surveyId_key_key" ON "Question"("organizationId", "surveyId", "key");

-- CreateIndex
CREATE INDEX "Invitation_token_idx" ON "Invitation"("token");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_organizationId_token_key" ON "Invitation"("organizationId", "token");

-- CreateIndex
CREATE UNIQUE INDEX "Answer_organizationId_responseId_questionId_key" ON "Answer"("organizationId", "responseId", "questionId");

-- CreateIndex
CREATE INDEX "ApiKey_hash_idx" ON "ApiKey"("hash");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_organizationId_prefix_key" ON "ApiKey"("organizationId", "prefix");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_organizationId_hash_key" ON "ApiKey"("organizationId", "hash");

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_organizationId_scopeUnitId_fkey" FOREIGN KEY ("organizationId", "scopeUnitId") REFERENCES "OrgUnit"("organizationId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Survey" ADD CONSTRAINT "Survey_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "SurveyRevision" ADD CONSTRAINT "SurveyRevision_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "SurveyRevision" ADD CONSTRAINT "SurveyRevision_organizationId_surveyId_fkey" FOREIGN KEY ("organizationId", "surveyId") REFERENCES "Survey"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "SurveyLink" ADD CONSTRAINT "SurveyLink_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "SurveyLink" ADD CONSTRAINT "SurveyLink_organizationId_surveyId_fkey" FOREIGN KEY ("organizationId", "surveyId") REFERENCES "Survey"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Question" ADD CONSTRAINT "Question_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Question" ADD CONSTRAINT "Question_organizationId_surveyId_fkey" FOREIGN KEY ("organizationId", "surveyId") REFERENCES "Survey"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_organizationId_surveyId_fkey" FOREIGN KEY ("organizationId", "surveyId") REFERENCES "Survey"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_organizationId_contactId_fkey" FOREIGN KEY ("organizationId", "contactId") REFERENCES "Contact"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_organizationId_campaignId_fkey" FOREIGN KEY ("organizationId", "campaignId") REFERENCES "Campaign"("organizationId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_organizationId_surveyId_fkey" FOREIGN KEY ("organizationId", "surveyId") REFERENCES "Survey"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "InvitationSkip" ADD CONSTRAINT "InvitationSkip_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "InvitationSkip" ADD CONSTRAINT "InvitationSkip_organizationId_surveyId_fkey" FOREIGN KEY ("organizationId", "surveyId") REFERENCES "Survey"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "InvitationSkip" ADD CONSTRAINT "InvitationSkip_organizationId_campaignId_fkey" FOREIGN KEY ("organizationId", "campaignId") REFERENCES "Campaign"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "InvitationSkip" ADD CONSTRAINT "InvitationSkip_organizationId_contactId_fkey" FOREIGN KEY ("organizationId", "contactId") REFERENCES "Contact"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "ContactImport" ADD CONSTRAINT "ContactImport_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_organizationId_surveyId_fkey" FOREIGN KEY ("organizationId", "surveyId") REFERENCES "Survey"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_organizationId_invitationId_fkey" FOREIGN KEY ("organizationId", "invitationId") REFERENCES "Invitation"("organizationId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_organizationId_contactId_fkey" FOREIGN KEY ("organizationId", "contactId") REFERENCES "Contact"("organizationId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_organizationId_surveyLinkId_fkey" FOREIGN KEY ("organizationId", "surveyLinkId") REFERENCES "SurveyLink"("organizationId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_organizationId_unitId_fkey" FOREIGN KEY ("organizationId", "unitId") REFERENCES "OrgUnit"("organizationId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_organizationId_employeeId_fkey" FOREIGN KEY ("organizationId", "employeeId") REFERENCES "Employee"("organizationId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Answer" ADD CONSTRAINT "Answer_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Answer" ADD CONSTRAINT "Answer_organizationId_responseId_fkey" FOREIGN KEY ("organizationId", "responseId") REFERENCES "Response"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Answer" ADD CONSTRAINT "Answer_organizationId_questionId_fkey" FOREIGN KEY ("organizationId", "questionId") REFERENCES "Question"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "OrgUnit" ADD CONSTRAINT "OrgUnit_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "OrgUnit" ADD CONSTRAINT "OrgUnit_organizationId_parentId_fkey" FOREIGN KEY ("organizationId", "parentId") REFERENCES "OrgUnit"("organizationId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Employee" ADD CONSTRAINT "Employee_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Employee" ADD CONSTRAINT "Employee_organizationId_unitId_fkey" FOREIGN KEY ("organizationId", "unitId") REFERENCES "OrgUnit"("organizationId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "CaseRule" ADD CONSTRAINT "CaseRule_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "CaseRule" ADD CONSTRAINT "CaseRule_organizationId_ownerUnitId_fkey" FOREIGN KEY ("organizationId", "ownerUnitId") REFERENCES "OrgUnit"("organizationId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "RootCause" ADD CONSTRAINT "RootCause_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_organizationId_responseId_fkey" FOREIGN KEY ("organizationId", "responseId") REFERENCES "Response"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_organizationId_unitId_fkey" FOREIGN KEY ("organizationId", "unitId") REFERENCES "OrgUnit"("organizationId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_organizationId_ruleId_fkey" FOREIGN KEY ("organizationId", "ruleId") REFERENCES "CaseRule"("organizationId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_organizationId_rootCauseId_fkey" FOREIGN KEY ("organizationId", "rootCauseId") REFERENCES "RootCause"("organizationId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_organizationId_caseId_fkey" FOREIGN KEY ("organizationId", "caseId") REFERENCES "Case"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "ReplyTemplate" ADD CONSTRAINT "ReplyTemplate_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "DigestRun" ADD CONSTRAINT "DigestRun_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "AttributeDefinition" ADD CONSTRAINT "AttributeDefinition_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "ResponseAggregate" ADD CONSTRAINT "ResponseAggregate_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "ResponseAggregate" ADD CONSTRAINT "ResponseAggregate_organizationId_surveyId_fkey" FOREIGN KEY ("organizationId", "surveyId") REFERENCES "Survey"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
