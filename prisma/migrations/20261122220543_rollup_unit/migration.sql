-- AlterTable
ALTER TABLE "ResponseRollup" DROP CONSTRAINT "ResponseRollup_pkey",
ADD COLUMN     "unitId" TEXT NOT NULL DEFAULT '',
ADD CONSTRAINT "ResponseRollup_pkey" PRIMARY KEY ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "unitId");

-- AlterTable
ALTER TABLE "ResponseRollupMonthly" DROP CONSTRAINT "ResponseRollupMonthly_pkey",
ADD COLUMN     "unitId" TEXT NOT NULL DEFAULT '',
ADD CONSTRAINT "ResponseRollupMonthly_pkey" PRIMARY KEY ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "unitId");

-- Hand-written below this line.
-- The rollups gain the response's org unit in their key, so a member scoped to a unit reads its subtree from
-- them (docs/decisions/0009). The triggers and the rebuild are those of 20261122192130 plus "unitId"; then
-- every organisation's rollup is rebuilt so existing rows carry their unit.
CREATE OR REPLACE FUNCTION response_rollup_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ResponseRollup" ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "unitId", "attributes", "n", "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10")
  SELECT * FROM (
  SELECT r."organizationId", r."surveyId", (r."createdAt" AT TIME ZONE o."timeZone")::date, r."channel",
         coalesce(r."touchpoint", ''), r."locale", md5(r."attributes"::text), coalesce(r."unitId"::text, ''), r."attributes", SUM(1)::int,
         coalesce(SUM(1) FILTER (WHERE r."score" = 0), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 1), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 2), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 3), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 4), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 5), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 6), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 7), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 8), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 9), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 10), 0)::int
  FROM new_rows r JOIN "Organization" o ON o."id" = r."organizationId"
  WHERE NOT r."excluded" AND r."score" IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 8, r."attributes"
  ) AS changes
  ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "unitId") DO UPDATE SET "n" = "ResponseRollup"."n" + EXCLUDED."n", "h0" = "ResponseRollup"."h0" + EXCLUDED."h0", "h1" = "ResponseRollup"."h1" + EXCLUDED."h1", "h2" = "ResponseRollup"."h2" + EXCLUDED."h2", "h3" = "ResponseRollup"."h3" + EXCLUDED."h3", "h4" = "ResponseRollup"."h4" + EXCLUDED."h4", "h5" = "ResponseRollup"."h5" + EXCLUDED."h5", "h6" = "ResponseRollup"."h6" + EXCLUDED."h6", "h7" = "ResponseRollup"."h7" + EXCLUDED."h7", "h8" = "ResponseRollup"."h8" + EXCLUDED."h8", "h9" = "ResponseRollup"."h9" + EXCLUDED."h9", "h10" = "ResponseRollup"."h10" + EXCLUDED."h10";
  INSERT INTO "ResponseRollupMonthly" ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "unitId", "attributes", "n", "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10")
  SELECT * FROM (
  SELECT r."organizationId", r."surveyId", date_trunc('month', (r."createdAt" AT TIME ZONE o."timeZone")::date)::date, r."channel",
         coalesce(r."touchpoint", ''), r."locale", md5(r."attributes"::text), coalesce(r."unitId"::text, ''), r."attributes", SUM(1)::int,
         coalesce(SUM(1) FILTER (WHERE r."score" = 0), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 1), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 2), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 3), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 4), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 5), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 6), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 7), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 8), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 9), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 10), 0)::int
  FROM new_rows r JOIN "Organization" o ON o."id" = r."organizationId"
  WHERE NOT r."excluded" AND r."score" IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 8, r."attributes"
  ) AS changes
  ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "unitId") DO UPDATE SET "n" = "ResponseRollupMonthly"."n" + EXCLUDED."n", "h0" = "ResponseRollupMonthly"."h0" + EXCLUDED."h0", "h1" = "ResponseRollupMonthly"."h1" + EXCLUDED."h1", "h2" = "ResponseRollupMonthly"."h2" + EXCLUDED."h2", "h3" = "ResponseRollupMonthly"."h3" + EXCLUDED."h3", "h4" = "ResponseRollupMonthly"."h4" + EXCLUDED."h4", "h5" = "ResponseRollupMonthly"."h5" + EXCLUDED."h5", "h6" = "ResponseRollupMonthly"."h6" + EXCLUDED."h6", "h7" = "ResponseRollupMonthly"."h7" + EXCLUDED."h7", "h8" = "ResponseRollupMonthly"."h8" + EXCLUDED."h8", "h9" = "ResponseRollupMonthly"."h9" + EXCLUDED."h9", "h10" = "ResponseRollupMonthly"."h10" + EXCLUDED."h10";
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION response_rollup_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ResponseRollup" ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "unitId", "attributes", "n", "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10")
  SELECT * FROM (
  SELECT r."organizationId", r."surveyId", (r."createdAt" AT TIME ZONE o."timeZone")::date, r."channel",
         coalesce(r."touchpoint", ''), r."locale", md5(r."attributes"::text), coalesce(r."unitId"::text, ''), r."attributes", SUM(-1)::int,
         coalesce(SUM(-1) FILTER (WHERE r."score" = 0), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 1), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 2), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 3), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 4), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 5), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 6), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 7), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 8), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 9), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 10), 0)::int
  FROM old_rows r JOIN "Organization" o ON o."id" = r."organizationId"
  WHERE NOT r."excluded" AND r."score" IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 8, r."attributes"
  ) AS changes
  ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "unitId") DO UPDATE SET "n" = "ResponseRollup"."n" + EXCLUDED."n", "h0" = "ResponseRollup"."h0" + EXCLUDED."h0", "h1" = "ResponseRollup"."h1" + EXCLUDED."h1", "h2" = "ResponseRollup"."h2" + EXCLUDED."h2", "h3" = "ResponseRollup"."h3" + EXCLUDED."h3", "h4" = "ResponseRollup"."h4" + EXCLUDED."h4", "h5" = "ResponseRollup"."h5" + EXCLUDED."h5", "h6" = "ResponseRollup"."h6" + EXCLUDED."h6", "h7" = "ResponseRollup"."h7" + EXCLUDED."h7", "h8" = "ResponseRollup"."h8" + EXCLUDED."h8", "h9" = "ResponseRollup"."h9" + EXCLUDED."h9", "h10" = "ResponseRollup"."h10" + EXCLUDED."h10";
  INSERT INTO "ResponseRollupMonthly" ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "unitId", "attributes", "n", "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10")
  SELECT * FROM (
  SELECT r."organizationId", r."surveyId", date_trunc('month', (r."createdAt" AT TIME ZONE o."timeZone")::date)::date, r."channel",
         coalesce(r."touchpoint", ''), r."locale", md5(r."attributes"::text), coalesce(r."unitId"::text, ''), r."attributes", SUM(-1)::int,
         coalesce(SUM(-1) FILTER (WHERE r."score" = 0), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 1), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 2), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 3), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 4), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 5), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 6), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 7), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 8), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 9), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 10), 0)::int
  FROM old_rows r JOIN "Organization" o ON o."id" = r."organizationId"
  WHERE NOT r."excluded" AND r."score" IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 8, r."attributes"
  ) AS changes
  ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "unitId") DO UPDATE SET "n" = "ResponseRollupMonthly"."n" + EXCLUDED."n", "h0" = "ResponseRollupMonthly"."h0" + EXCLUDED."h0", "h1" = "ResponseRollupMonthly"."h1" + EXCLUDED."h1", "h2" = "ResponseRollupMonthly"."h2" + EXCLUDED."h2", "h3" = "ResponseRollupMonthly"."h3" + EXCLUDED."h3", "h4" = "ResponseRollupMonthly"."h4" + EXCLUDED."h4", "h5" = "ResponseRollupMonthly"."h5" + EXCLUDED."h5", "h6" = "ResponseRollupMonthly"."h6" + EXCLUDED."h6", "h7" = "ResponseRollupMonthly"."h7" + EXCLUDED."h7", "h8" = "ResponseRollupMonthly"."h8" + EXCLUDED."h8", "h9" = "ResponseRollupMonthly"."h9" + EXCLUDED."h9", "h10" = "ResponseRollupMonthly"."h10" + EXCLUDED."h10";
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION response_rollup_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ResponseRollup" ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "unitId", "attributes", "n", "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10")
  SELECT * FROM (
  SELECT "organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "unitId", "attributes", SUM("n")::int, SUM("h0")::int, SUM("h1")::int, SUM("h2")::int, SUM("h3")::int, SUM("h4")::int, SUM("h5")::int, SUM("h6")::int, SUM("h7")::int, SUM("h8")::int, SUM("h9")::int, SUM("h10")::int
  FROM (
  SELECT r."organizationId", r."surveyId", (r."createdAt" AT TIME ZONE o."timeZone")::date, r."channel",
         coalesce(r."touchpoint", ''), r."locale", md5(r."attributes"::text), coalesce(r."unitId"::text, ''), r."attributes", SUM(-1)::int,
         coalesce(SUM(-1) FILTER (WHERE r."score" = 0), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 1), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 2), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 3), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 4), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 5), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 6), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 7), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 8), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 9), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 10), 0)::int
  FROM old_rows r JOIN "Organization" o ON o."id" = r."organizationId"
  WHERE NOT r."excluded" AND r."score" IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 8, r."attributes"
  UNION ALL
  SELECT r."organizationId", r."surveyId", (r."createdAt" AT TIME ZONE o."timeZone")::date, r."channel",
         coalesce(r."touchpoint", ''), r."locale", md5(r."attributes"::text), coalesce(r."unitId"::text, ''), r."attributes", SUM(1)::int,
         coalesce(SUM(1) FILTER (WHERE r."score" = 0), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 1), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 2), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 3), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 4), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 5), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 6), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 7), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 8), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 9), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 10), 0)::int
  FROM new_rows r JOIN "Organization" o ON o."id" = r."organizationId"
  WHERE NOT r."excluded" AND r."score" IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 8, r."attributes"
  ) AS both_sides ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "unitId", "attributes", "n", "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10")
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
  ) AS changes
  ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "unitId") DO UPDATE SET "n" = "ResponseRollup"."n" + EXCLUDED."n", "h0" = "ResponseRollup"."h0" + EXCLUDED."h0", "h1" = "ResponseRollup"."h1" + EXCLUDED."h1", "h2" = "ResponseRollup"."h2" + EXCLUDED."h2", "h3" = "ResponseRollup"."h3" + EXCLUDED."h3", "h4" = "ResponseRollup"."h4" + EXCLUDED."h4", "h5" = "ResponseRollup"."h5" + EXCLUDED."h5", "h6" = "ResponseRollup"."h6" + EXCLUDED."h6", "h7" = "ResponseRollup"."h7" + EXCLUDED."h7", "h8" = "ResponseRollup"."h8" + EXCLUDED."h8", "h9" = "ResponseRollup"."h9" + EXCLUDED."h9", "h10" = "ResponseRollup"."h10" + EXCLUDED."h10";
  INSERT INTO "ResponseRollupMonthly" ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "unitId", "attributes", "n", "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10")
  SELECT * FROM (
  SELECT "organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "unitId", "attributes", SUM("n")::int, SUM("h0")::int, SUM("h1")::int, SUM("h2")::int, SUM("h3")::int, SUM("h4")::int, SUM("h5")::int, SUM("h6")::int, SUM("h7")::int, SUM("h8")::int, SUM("h9")::int, SUM("h10")::int
  FROM (
  SELECT r."organizationId", r."surveyId", date_trunc('month', (r."createdAt" AT TIME ZONE o."timeZone")::date)::date, r."channel",
         coalesce(r."touchpoint", ''), r."locale", md5(r."attributes"::text), coalesce(r."unitId"::text, ''), r."attributes", SUM(-1)::int,
         coalesce(SUM(-1) FILTER (WHERE r."score" = 0), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 1), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 2), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 3), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 4), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 5), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 6), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 7), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 8), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 9), 0)::int, coalesce(SUM(-1) FILTER (WHERE r."score" = 10), 0)::int
  FROM old_rows r JOIN "Organization" o ON o."id" = r."organizationId"
  WHERE NOT r."excluded" AND r."score" IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 8, r."attributes"
  UNION ALL
  SELECT r."organizationId", r."surveyId", date_trunc('month', (r."createdAt" AT TIME ZONE o."timeZone")::date)::date, r."channel",
         coalesce(r."touchpoint", ''), r."locale", md5(r."attributes"::text), coalesce(r."unitId"::text, ''), r."attributes", SUM(1)::int,
         coalesce(SUM(1) FILTER (WHERE r."score" = 0), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 1), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 2), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 3), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 4), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 5), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 6), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 7), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 8), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 9), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 10), 0)::int
  FROM new_rows r JOIN "Organization" o ON o."id" = r."organizationId"
  WHERE NOT r."excluded" AND r."score" IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 8, r."attributes"
  ) AS both_sides ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "unitId", "attributes", "n", "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10")
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
  ) AS changes
  ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "unitId") DO UPDATE SET "n" = "ResponseRollupMonthly"."n" + EXCLUDED."n", "h0" = "ResponseRollupMonthly"."h0" + EXCLUDED."h0", "h1" = "ResponseRollupMonthly"."h1" + EXCLUDED."h1", "h2" = "ResponseRollupMonthly"."h2" + EXCLUDED."h2", "h3" = "ResponseRollupMonthly"."h3" + EXCLUDED."h3", "h4" = "ResponseRollupMonthly"."h4" + EXCLUDED."h4", "h5" = "ResponseRollupMonthly"."h5" + EXCLUDED."h5", "h6" = "ResponseRollupMonthly"."h6" + EXCLUDED."h6", "h7" = "ResponseRollupMonthly"."h7" + EXCLUDED."h7", "h8" = "ResponseRollupMonthly"."h8" + EXCLUDED."h8", "h9" = "ResponseRollupMonthly"."h9" + EXCLUDED."h9", "h10" = "ResponseRollupMonthly"."h10" + EXCLUDED."h10";
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION rebuild_response_rollup(org uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "ResponseRollup" WHERE "organizationId" = org;
  DELETE FROM "ResponseRollupMonthly" WHERE "organizationId" = org;
  INSERT INTO "ResponseRollup" ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "unitId", "attributes", "n", "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10")
  SELECT r."organizationId", r."surveyId", (r."createdAt" AT TIME ZONE o."timeZone")::date, r."channel",
         coalesce(r."touchpoint", ''), r."locale", md5(r."attributes"::text), coalesce(r."unitId"::text, ''), r."attributes", SUM(1)::int,
         coalesce(SUM(1) FILTER (WHERE r."score" = 0), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 1), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 2), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 3), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 4), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 5), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 6), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 7), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 8), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 9), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 10), 0)::int
  FROM "Response" r JOIN "Organization" o ON o."id" = r."organizationId"
  WHERE r."organizationId" = org AND NOT r."excluded" AND r."score" IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 8, r."attributes";
  INSERT INTO "ResponseRollupMonthly" ("organizationId", "surveyId", "day", "channel", "touchpoint", "locale", "attributesHash", "unitId", "attributes", "n", "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10")
  SELECT r."organizationId", r."surveyId", date_trunc('month', (r."createdAt" AT TIME ZONE o."timeZone")::date)::date, r."channel",
         coalesce(r."touchpoint", ''), r."locale", md5(r."attributes"::text), coalesce(r."unitId"::text, ''), r."attributes", SUM(1)::int,
         coalesce(SUM(1) FILTER (WHERE r."score" = 0), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 1), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 2), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 3), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 4), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 5), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 6), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 7), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 8), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 9), 0)::int, coalesce(SUM(1) FILTER (WHERE r."score" = 10), 0)::int
  FROM "Response" r JOIN "Organization" o ON o."id" = r."organizationId"
  WHERE r."organizationId" = org AND NOT r."excluded" AND r."score" IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 8, r."attributes";
END $$;

SELECT rebuild_response_rollup("id") FROM "Organization";
