import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { AppError, type ErrorCode } from "@/lib/errors";
import { db } from "@/server/db";

/** A fresh organisation with a slug no other test file (or run) uses. */
export async function createOrganization(name: string) {
  return db.organization.create({ data: { name, slug: `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${randomUUID()}` } });
}

/** Awaits `promise`, asserts it rejected with an AppError of `code`, and returns the error. */
export async function expectAppError(promise: Promise<unknown>, code: ErrorCode): Promise<AppError> {
  const outcome = await promise.then(
    (value: unknown) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) throw new Error(`expected AppError "${code}", but the call resolved with ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(AppError);
  const error = outcome.error as AppError;
  expect(error.code).toBe(code);
  return error;
}

export type RowCounts = {
  organizations: number;
  surveys: number;
  questions: number;
  contacts: number;
  invitations: number;
  responses: number;
  answers: number;
};

/** Row counts of every table a respondent or an invitation can write to. */
export async function rowCounts(): Promise<RowCounts> {
  const [organizations, surveys, questions, contacts, invitations, responses, answers] = await Promise.all([
    db.organization.count(),
    db.survey.count(),
    db.question.count(),
    db.contact.count(),
    db.invitation.count(),
    db.response.count(),
    db.answer.count(),
  ]);
  return { organizations, surveys, questions, contacts, invitations, responses, answers };
}
