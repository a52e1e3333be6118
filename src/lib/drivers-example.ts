/**
 * The OpenAPI document's example of GET /api/v1/surveys/{id}/drivers, computed by the code it documents from a
 * fixed synthetic sample (so the example's figures are always ones the endpoint would answer). Pure.
 */
import { analyseDrivers, toApiDrivers, type ApiDrivers, type DriverQuestion } from "./key-drivers";
import { seededRandom } from "./random";
import { momentsOfRows } from "./relative-weights";

const QUESTIONS: DriverQuestion[] = [
  {
    questionId: "0193a1c4-7f10-7a2b-9c3d-4e5f60718293",
    key: "staff",
    type: "CSAT",
    label: { "zh-CN": "您对柜员的服务满意吗？", en: "How satisfied are you with our tellers?" },
    scale: { min: 1, max: 5 },
  },
  {
    questionId: "0193a1c4-7f10-7a2b-9c3d-4e5f60718294",
    key: "app",
    type: "CES",
    label: { "zh-CN": "用手机银行办理业务有多容易？", en: "How easy was it to use the mobile app?" },
    scale: { min: 1, max: 7 },
  },
  {
    questionId: "0193a1c4-7f10-7a2b-9c3d-4e5f60718295",
    key: "waiting",
    type: "RATING",
    label: { "zh-CN": "排队等候时间", en: "Waiting time" },
    scale: { min: 1, max: 5 },
  },
];

let cached: ApiDrivers | null = null;

export function driversExample(): ApiDrivers {
  if (cached) return cached;
  const random = seededRandom(812);
  const rows: number[] = [];
  for (let i = 0; i < 812; i++) {
    const staff = 1 + Math.floor(random() * 4);
    const app = 3 + Math.floor(random() * 5);
    const waiting = Math.min(5, 1 + Math.floor(random() * 4) + (staff > 2 ? 1 : 0));
    const score = Math.max(0, Math.min(10, Math.round(1.3 * staff + 0.25 * app + 0.5 * waiting - 0.5 + (random() - 0.5) * 5)));
    rows.push(staff, app, waiting, score);
  }
  cached = toApiDrivers(analyseDrivers(QUESTIONS, momentsOfRows(rows, 4), rows));
  return cached;
}
