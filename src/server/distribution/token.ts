import "server-only";
import { randomBytes } from "node:crypto";

/** 32 random bytes (256 bits) as base64url: 43 characters, unguessable. */
export function generateToken(): string {
  return randomBytes(32).toString("base64url");
}
