-- CreateTable
CREATE TABLE "ResponseRollup" (
    "organizationId" UUID NOT NULL,
    "surveyId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "channel" "Channel" NOT NULL,
    "touchpoint" TEXT NOT NULL DEFAULT '',
    "locale" TEXT NOT NULL,
    "attributesHash" TEXT NOT NULL,
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "n" INTEGER NOT NULL DEFAULT 0,
    "h0" INTEGER NOT NULL DEFAULT 0,
    "h1" INTEGER NOT NULL DEFAULT 0,
    "h2" INTEGER NOT NULL DEFAULT 0,
    "h3" INTEGER NOT NULL DEFAULT 0,
    "h4" INTEGER NOT NULL DEFAULT 0,
    "h5" INTEGER NOT NULL DEFAULT 0,
    "h6" INTEGER NOT NULL DEFAULT 0,
    "h7" INTEGER NOT NULL DEFAULT 0,
    "h8" INTEGER NOT NULL DEFAULT 0,
    "h9" INTEGER NOT NULL DEFAULT 0,
    "h10" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ResponseRollup_pkey" PRIMARY KEY ("organizationId","surveyId","day","channel","touchpoint","locale","attributesHash")
);

-- CreateIndex
CREATE INDEX "ResponseRollup_organizationId_day_idx" ON "ResponseRollup"("organizationId", "day");

-- AddForeignKey
ALTER TABLE "ResponseRollup" ADD CONSTRAINT "ResponseRollup_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: keep "ResponseRollup" equal to the raw responses, in the same transaction.
-- Statement-level triggers with transition tables: a bulk insert costs one aggregated upsert, not one per row.
-- Rows are upserted in key order so concurrent writers lock them in the same order (no deadlocks).
CREATE FUNCTION response_rollup_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ResponseRollup" ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "attributes", "n", "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10")
  SELECT * FROM (
SELECT r."organizationId", r."surveyId", (r."createdAt" AT TIME ZONE o."timeZone")::date, r."channel",
         coalesce(r."touchpoint", ''), r."locale", md5(r."attributes"::text), r."attributes", SUM(1)::int,
         coalesce(SUM(1) FILTER (WHERE r."score" = 0), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 1), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 2), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 3), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 4), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 5), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 6), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 7), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 8), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 9), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 10), 0)::int
  FROM new_rows r JOIN "Organization" o ON o."id" = r."organizationId"
  WHERE NOT r."excluded" AND r."score" IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, r."attributes"
  ) AS changes
  ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash") DO UPDATE SET n = "ResponseRollup"."n" + EXCLUDED."n", "h0" = "ResponseRollup"."h0" + EXCLUDED."h0", "h1" = "ResponseRollup"."h1" + EXCLUDED."h1", "h2" = "ResponseRollup"."h2" + EXCLUDED."h2", "h3" = "ResponseRollup"."h3" + EXCLUDED."h3", "h4" = "ResponseRollup"."h4" + EXCLUDED."h4", "h5" = "ResponseRollup"."h5" + EXCLUDED."h5", "h6" = "ResponseRollup"."h6" + EXCLUDED."h6", "h7" = "ResponseRollup"."h7" + EXCLUDED."h7", "h8" = "ResponseRollup"."h8" + EXCLUDED."h8", "h9" = "ResponseRollup"."h9" + EXCLUDED."h9", "h10" = "ResponseRollup"."h10" + EXCLUDED."h10";
  RETURN NULL;
END $$;

CREATE FUNCTION response_rollup_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ResponseRollup" ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "attributes", "n", "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10")
  SELECT * FROM (
SELECT r."organizationId", r."surveyId", (r."createdAt" AT TIME ZONE o."timeZone")::date, r."channel",
         coalesce(r."touchpoint", ''), r."locale", md5(r."attributes"::text), r."attributes", SUM(-1)::int,
         coalesce(SUM(-1) FILTER (WHERE r."score" = 0), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 1), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 2), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 3), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 4), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 5), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 6), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 7), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 8), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 9), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 10), 0)::int
  FROM old_rows r JOIN "Organization" o ON o."id" = r."organizationId"
  WHERE NOT r."excluded" AND r."score" IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, r."attributes"
  ) AS changes
  ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash") DO UPDATE SET n = "ResponseRollup"."n" + EXCLUDED."n", "h0" = "ResponseRollup"."h0" + EXCLUDED."h0", "h1" = "ResponseRollup"."h1" + EXCLUDED."h1", "h2" = "ResponseRollup"."h2" + EXCLUDED."h2", "h3" = "ResponseRollup"."h3" + EXCLUDED."h3", "h4" = "ResponseRollup"."h4" + EXCLUDED."h4", "h5" = "ResponseRollup"."h5" + EXCLUDED."h5", "h6" = "ResponseRollup"."h6" + EXCLUDED."h6", "h7" = "ResponseRollup"."h7" + EXCLUDED."h7", "h8" = "ResponseRollup"."h8" + EXCLUDED."h8", "h9" = "ResponseRollup"."h9" + EXCLUDED."h9", "h10" = "ResponseRollup"."h10" + EXCLUDED."h10";
  RETURN NULL;
END $$;

CREATE FUNCTION response_rollup_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ResponseRollup" ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "attributes", "n", "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10")
  SELECT * FROM (
  SELECT "organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "attributes", SUM("n")::int, SUM("h0")::int, SUM("h1")::int, SUM("h2")::int, SUM("h3")::int, SUM("h4")::int, SUM("h5")::int, SUM("h6")::int, SUM("h7")::int, SUM("h8")::int, SUM("h9")::int, SUM("h10")::int
  FROM (
  SELECT r."organizationId", r."surveyId", (r."createdAt" AT TIME ZONE o."timeZone")::date, r."channel",
         coalesce(r."touchpoint", ''), r."locale", md5(r."attributes"::text), r."attributes", SUM(-1)::int,
         coalesce(SUM(-1) FILTER (WHERE r."score" = 0), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 1), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 2), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 3), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 4), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 5), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 6), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 7), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 8), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 9), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 10), 0)::int
  FROM old_rows r JOIN "Organization" o ON o."id" = r."organizationId"
  WHERE NOT r."excluded" AND r."score" IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, r."attributes"
  UNION ALL
  SELECT r."organizationId", r."surveyId", (r."createdAt" AT TIME ZONE o."timeZone")::date, r."channel",
         coalesce(r."touchpoint", ''), r."locale", md5(r."attributes"::text), r."attributes", SUM(1)::int,
         coalesce(SUM(1) FILTER (WHERE r."score" = 0), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 1), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 2), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 3), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 4), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 5), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 6), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 7), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 8), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 9), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 10), 0)::int
  FROM new_rows r JOIN "Organization" o ON o."id" = r."organizationId"
  WHERE NOT r."excluded" AND r."score" IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, r."attributes"
  ) AS both_sides ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "attributes", "n", "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10")
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ) AS changes
  ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash") DO UPDATE SET n = "ResponseRollup"."n" + EXCLUDED."n", "h0" = "ResponseRollup"."h0" + EXCLUDED."h0", "h1" = "ResponseRollup"."h1" + EXCLUDED."h1", "h2" = "ResponseRollup"."h2" + EXCLUDED."h2", "h3" = "ResponseRollup"."h3" + EXCLUDED."h3", "h4" = "ResponseRollup"."h4" + EXCLUDED."h4", "h5" = "ResponseRollup"."h5" + EXCLUDED."h5", "h6" = "ResponseRollup"."h6" + EXCLUDED."h6", "h7" = "ResponseRollup"."h7" + EXCLUDED."h7", "h8" = "ResponseRollup"."h8" + EXCLUDED."h8", "h9" = "ResponseRollup"."h9" + EXCLUDED."h9", "h10" = "ResponseRollup"."h10" + EXCLUDED."h10";
  RETURN NULL;
END $$;

CREATE TRIGGER response_rollup_insert AFTER INSERT ON "Response"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION response_rollup_on_insert();
CREATE TRIGGER response_rollup_delete AFTER DELETE ON "Response"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION response_rollup_on_delete();
CREATE TRIGGER response_rollup_update AFTER UPDATE ON "Response"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION response_rollup_on_update();

-- Recomputes one organisation's rollup from the raw responses (after a bulk load with triggers off, or a
-- change of the organisation's time zone, which moves responses between local days).
CREATE FUNCTION rebuild_response_rollup(org uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "ResponseRollup" WHERE "organizationId" = org;
  INSERT INTO "ResponseRollup" ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "attributes", "n", "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10")
SELECT r."organizationId", r."surveyId", (r."createdAt" AT TIME ZONE o."timeZone")::date, r."channel",
         coalesce(r."touchpoint", ''), r."locale", md5(r."attributes"::text), r."attributes", SUM(1)::int,
         coalesce(SUM(1) FILTER (WHERE r."score" = 0), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 1), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 2), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 3), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 4), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 5), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 6), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 7), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 8), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 9), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 10), 0)::int
  FROM "Response" r JOIN "Organization" o ON o."id" = r."organizationId"
  WHERE r."organizationId" = org AND NOT r."excluded" AND r."score" IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, r."attributes";
END $$;

CREATE FUNCTION organization_time_zone_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM rebuild_response_rollup(NEW."id");
  RETURN NULL;
END $$;

CREATE TRIGGER organization_time_zone_changed AFTER UPDATE OF "timeZone" ON "Organization"
  FOR EACH ROW WHEN (OLD."timeZone" IS DISTINCT FROM NEW."timeZone") EXECUTE FUNCTION organization_time_zone_changed();

-- Responses that already exist (the rollup starts complete).
INSERT INTO "ResponseRollup" ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "attributes", "n", "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10")
SELECT r."organizationId", r."surveyId", (r."createdAt" AT TIME ZONE o."timeZone")::date, r."channel",
         coalesce(r."touchpoint", ''), r."locale", md5(r."attributes"::text), r."attributes", SUM(1)::int,
         coalesce(SUM(1) FILTER (WHERE r."score" = 0), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 1), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 2), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 3), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 4), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 5), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 6), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 7), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 8), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 9), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 10), 0)::int
  FROM "Response" r JOIN "Organization" o ON o."id" = r."organizationId"
  WHERE NOT r."excluded" AND r."score" IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, r."attributes";
