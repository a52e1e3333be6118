import type { importCleanupEn } from "./import-cleanup.en";

/** 导入的清理（删除等待中的上传、过期、中断的导入）的中文文案。 */
export const importCleanupZhCN = {
  "imports.recent.actions": "操作",
  "imports.recent.expiry": "等待对应列的上传文件会在 24 小时后自动删除。",
  "imports.delete.button": "删除",
  "imports.delete.pending": "正在删除…",
  "imports.delete.confirm": "删除上传的文件“{file}”？其中的数据尚未导入。",
  "imports.delete.error.notFound": "该导入已不存在。",
  "imports.delete.error.started": "该导入已开始：只能删除等待对应列的上传。",
  "imports.delete.error.forbidden": "只有管理员和所有者可以删除导入。",
  "imports.delete.error.failed": "无法删除该上传，请重试。",
  "contacts.import.error.interrupted": "导入被中断：运行期间服务器停止了。上方统计的行已导入并保留。请重新上传该文件以导入其余的行；已导入的行不会重复。",
} as const satisfies Record<keyof typeof importCleanupEn, string>;
