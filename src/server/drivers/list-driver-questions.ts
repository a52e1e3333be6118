import "server-only";
import { z } from "zod";
import { driverScale, NUMERIC_DRIVER_TYPES, type DriverQuestion, type NumericDriverType } from "@/lib/key-drivers";
import { localizedTextSchema } from "@/schemas/localized";
import { db } from "@/server/db";

const servqualScaleSchema = z.object({ scale: z.int().min(2).max(100) });

function isNumericDriverType(type: string): type is NumericDriverType {
  return (NUMERIC_DRIVER_TYPES as readonly string[]).includes(type);
}

/**
 * The survey's numeric driver questions (rating, CSAT, CES, SERVQUAL perception) in question order, with their
 * labels and scales. Scoped by the organisation: another organisation's survey simply has none.
 */
export async function listDriverQuestions(organizationId: string, surveyId: string): Promise<DriverQuestion[]> {
  const rows = await db.question.findMany({
    where: { organizationId, surveyId, type: { in: [...NUMERIC_DRIVER_TYPES] } },
    orderBy: [{ position: "asc" }, { id: "asc" }],
    select: { id: true, key: true, type: true, text: true, settings: true },
  });
  return rows.flatMap((row): DriverQuestion[] => {
    if (!isNumericDriverType(row.type)) return [];
    const label = localizedTextSchema.safeParse(row.text);
    const servqual = row.type === "SERVQUAL" ? servqualScaleSchema.safeParse(row.settings) : null;
    return [
      {
        questionId: row.id,
        key: row.key,
        type: row.type,
        label: label.success ? label.data : {},
        scale: driverScale(row.type, servqual?.success ? servqual.data.scale : undefined),
      },
    ];
  });
}
