import { webhooksZhCN } from "./areas/webhooks.zh-cn";
import { attributesZhCN } from "./areas/attributes.zh-cn";
import { combinationsZhCN } from "./areas/combinations.zh-cn";
import { contactsZhCN } from "./areas/contacts.zh-cn";
import { importsZhCN } from "./areas/imports.zh-cn";
import { importCleanupZhCN } from "./areas/import-cleanup.zh-cn";
import { layoutZhCN } from "./areas/layout.zh-cn";
import { builderZhCN } from "./areas/builder.zh-cn";
import { respondZhCN } from "./areas/respond.zh-cn";
import { analyticsZhCN } from "./areas/analytics.zh-cn";
import { apiZhCN } from "./areas/api.zh-cn";
import { apiScopesZhCN } from "./areas/api-scopes.zh-cn";
import { distributionZhCN } from "./areas/distribution.zh-cn";
import { exportZhCN } from "./areas/export.zh-cn";
import { insightsZhCN } from "./areas/insights.zh-cn";
import { honestStatsZhCN } from "./areas/honest-stats.zh-cn";
import { instrumentsZhCN } from "./areas/instruments.zh-cn";
import { linksZhCN } from "./areas/links.zh-cn";
import { accountabilityZhCN } from "./areas/accountability.zh-cn";
import { casesZhCN } from "./areas/cases.zh-cn";
import { privacyZhCN } from "./areas/privacy.zh-cn";
import { caseSettingsZhCN } from "./areas/case-settings.zh-cn";
import { caseListZhCN } from "./areas/case-list.zh-cn";
import { sendingZhCN } from "./areas/sending.zh-cn";
import { securityZhCN } from "./areas/security.zh-cn";
import { driversZhCN } from "./areas/drivers.zh-cn";
import { systemZhCN } from "./areas/system.zh-cn";
import { auditZhCN } from "./areas/audit.zh-cn";
import { ssoZhCN } from "./areas/sso.zh-cn";
import { accountsZhCN } from "./areas/accounts.zh-cn";
import { themesZhCN } from "./areas/themes.zh-cn";
import { outcomesZhCN } from "./areas/outcomes.zh-cn";
import { customerClassesZhCN } from "./areas/customer-classes.zh-cn";
import { outcomeImportZhCN } from "./areas/outcome-import.zh-cn";
import { orgSettingsZhCN } from "./areas/org-settings.zh-cn";
import { journeysZhCN } from "./areas/journeys.zh-cn";
import type { MessageKey } from "./en";

type CoreKey = Exclude<
  MessageKey,
  keyof typeof contactsZhCN | keyof typeof builderZhCN | keyof typeof respondZhCN | keyof typeof analyticsZhCN | keyof typeof apiZhCN | keyof typeof apiScopesZhCN | keyof typeof distributionZhCN | keyof typeof exportZhCN | keyof typeof insightsZhCN | keyof typeof instrumentsZhCN | keyof typeof linksZhCN | keyof typeof accountabilityZhCN | keyof typeof casesZhCN | keyof typeof privacyZhCN | keyof typeof caseSettingsZhCN | keyof typeof attributesZhCN | keyof typeof combinationsZhCN | keyof typeof importsZhCN | keyof typeof importCleanupZhCN | keyof typeof layoutZhCN | keyof typeof caseListZhCN | keyof typeof sendingZhCN | keyof typeof securityZhCN | keyof typeof driversZhCN | keyof typeof systemZhCN | keyof typeof auditZhCN | keyof typeof ssoZhCN | keyof typeof accountsZhCN | keyof typeof webhooksZhCN | keyof typeof themesZhCN | keyof typeof outcomesZhCN | keyof typeof customerClassesZhCN | keyof typeof outcomeImportZhCN | keyof typeof honestStatsZhCN | keyof typeof orgSettingsZhCN | keyof typeof journeysZhCN
>;

/** 简体中文目录的核心部分；各功能区的文本在 ./areas/<area>.zh-cn.ts 中。 */
const core: Record<CoreKey, string> = {
  "app.name": "回声 NPS",
  "app.tagline": "净推荐值调研与客户体验分析",
  "locale.zh-CN": "中文",
  "locale.en": "English",
  "common.save": "保存",
  "common.cancel": "取消",
  "common.back": "返回",
  "common.none": "—",
  "common.language": "语言",

  "nav.dashboard": "仪表盘",
  "nav.surveys": "问卷",
  "nav.contacts": "联系人",
  "nav.signOut": "退出登录",
  "nav.roleInUnit": "{role} · {unit}",
  "nav.signedInAs": "当前用户：{name}（{role}）",

  "role.OWNER": "所有者",
  "role.ADMIN": "管理员",
  "role.MANAGER": "客户体验经理",
  "role.VIEWER": "只读成员",

  "auth.title": "登录",
  "auth.subtitle": "进入贵机构的 NPS 仪表盘",
  "auth.email": "邮箱",
  "auth.password": "密码",
  "auth.submit": "登录",
  "auth.submitting": "正在登录…",
  "auth.invalid": "邮箱或密码不正确。",
  "auth.demoHint": "演示账号：{email} · 密码：{password}",

  "dashboard.title": "仪表盘",
  "dashboard.subtitle": "所有已回复问卷的净推荐值",
  "dashboard.surveyFilter": "问卷",
  "dashboard.allSurveys": "全部问卷",
  "dashboard.apply": "查看",
  "dashboard.nps": "NPS",
  "dashboard.npsLong": "净推荐值",
  "dashboard.ci": "95% 置信区间：{low} 至 {high}",
  "dashboard.ciHelp": "按目前的回复数量，若询问全部客户，真实的 NPS 有 95% 的把握落在这个范围内。回复越少，范围越宽。",
  "dashboard.responses": "回复数",
  "dashboard.responsesHelp": "回答了 0–10 分题目的受访者；跳过该题的不计入。",
  "dashboard.promoters": "推荐者（9–10 分）",
  "dashboard.passives": "被动者（7–8 分）",
  "dashboard.detractors": "贬损者（0–6 分）",
  "dashboard.mean": "平均分",
  "dashboard.meanCi": "95% 置信区间 {low} – {high}",
  "dashboard.distribution": "评分分布",
  "dashboard.distributionHelp": "0 到 10 分每个分值的受访者人数。",
  "dashboard.shareOf": "{count} · {share}",
  "dashboard.noResponses": "还没有回复。发送问卷链接即可开始收集答案。",
  "dashboard.lowN": "回复过少：少于 {minN} 份回复时，这个数字可能波动很大。",
  "dashboard.suppressed": "回复少于 {suppressN} 份：为保护受访者并避免误导，数字已隐藏。",
  "dashboard.count": "人数",
  "dashboard.score": "分值",

  "surveys.title": "问卷",
  "surveys.subtitle": "创建 NPS 问卷、邀请客户、倾听客户的声音。",
  "surveys.new": "新建问卷",
  "surveys.name": "内部名称",
  "surveys.namePlaceholder": "例如：2026 年关系型 NPS",
  "surveys.brand": "题目中的品牌名",
  "surveys.brandPlaceholder": "例如：示例银行",
  "surveys.kind": "类型",
  "surveys.touchpoint": "触点（交易型问卷）",
  "surveys.touchpointPlaceholder": "例如：开户",
  "surveys.defaultLocale": "默认语言",
  "surveys.create": "创建问卷",
  "surveys.created": "问卷已创建。",
  "surveys.empty": "还没有问卷。",
  "surveys.responses": "回复",
  "surveys.invitations": "邀请",
  "surveys.status": "状态",
  "surveys.createdAt": "创建时间",
  "surveys.open": "打开",
  "kind.RELATIONSHIP": "关系型",
  "kind.TRANSACTIONAL": "交易型（触点）",
  "status.DRAFT": "草稿",
  "status.ACTIVE": "进行中",
  "status.CLOSED": "已关闭",

  "survey.invite.title": "邀请客户",
  "survey.invite.help": "添加联系人（按邮箱匹配，已存在则更新），生成其专属的一次性链接并通过邮件发送——也可以只生成链接供您复制。",
  "survey.invite.email": "邮箱",
  "survey.invite.name": "姓名",
  "survey.invite.locale": "语言",
  "survey.invite.submit": "发送邀请邮件",
  "survey.invite.created": "已为 {email} 生成专属链接。",
  "survey.invite.link": "专属链接",
  "survey.invite.copy": "复制链接",
  "survey.invite.copied": "已复制",
  "survey.invitations.title": "邀请记录",
  "survey.invitations.empty": "还没有邀请。",
  "survey.invitations.contact": "联系人",
  "survey.invitations.status": "状态",
  "survey.invitations.created": "创建时间",
  "survey.invitations.responded": "已回复",
  "survey.invitations.pending": "未回复",
  "survey.results": "结果",

  "contacts.title": "联系人",
  "contacts.subtitle": "可以调研的客户。属性（区域、网点、等级等）用于客群细分。",
  "contacts.email": "邮箱",
  "contacts.name": "姓名",
  "contacts.locale": "语言",
  "contacts.attributes": "属性",
  "contacts.unsubscribed": "已退订",
  "contacts.empty": "还没有联系人。",
  "contacts.showing": "显示最新的 {shown} 位联系人（共 {total} 位）。",

  "respondent.question": "您有多大可能向朋友或同事推荐{brand}？",
  "respondent.notLikely": "完全不可能",
  "respondent.extremelyLikely": "极有可能",
  "respondent.scoreLegend": "请选择 0（完全不可能）到 10（极有可能）之间的分数",
  "respondent.commentLabel": "您给出这个分数的主要原因是什么？",
  "respondent.commentHint": "选填 · 最多 {max} 字",
  "respondent.submit": "提交",
  "respondent.privacy": "您的回答仅提供给{brand}，用于改进服务。",
  "respondent.thanks.title": "感谢您的反馈！",
  "respondent.thanks.PROMOTER": "很高兴您愿意推荐{brand}，感谢您的信任。",
  "respondent.thanks.PASSIVE": "您的意见将帮助{brand}下次做得更好。",
  "respondent.thanks.DETRACTOR": "很抱歉没能让您满意。您的反馈已转给{brand}的团队，我们会尽快与您联系。",
  "respondent.thanks.none": "您的回答已记录。",
  "respondent.already.title": "您已经回答过了",
  "respondent.already.body": "谢谢！我们已收到您对本问卷的回答。每个链接只能使用一次。",
  "respondent.notFound.title": "问卷链接无效",
  "respondent.notFound.body": "链接可能不完整，请从邮件中重新打开。",
  "respondent.closed.title": "本问卷已结束",
  "respondent.closed.body": "感谢您的关注，本问卷已不再接受回答。",
  "respondent.error.title": "您的回答未能保存",
  "respondent.error.backToSurvey": "返回问卷",
  "respondent.error.score": "请选择 0 到 10 之间的分数。",
  "respondent.error.comment": "您的留言过长（最多 {max} 字）。",
  "respondent.error.generic": "表单内容有误，请重试。",

  "validation.required": "此项为必填项。",
  "validation.email": "请输入有效的邮箱地址。",
  "validation.touchpoint": "交易型问卷需要填写触点。",
  "validation.tooLong": "内容过长。",
  "validation.invalid": "该值无效。",
  "validation.forbidden": "您的角色无权执行此操作。",
  "validation.closed": "本问卷已关闭。",
  "validation.notOpen": "请先发布问卷，再邀请客户。",
  "validation.failed": "操作未成功，请检查表单后重试。",
  "dashboard.fewerThan": "回复少于 {suppressN} 份：这个数字只能作参考。如此小的客群会被隐藏以保护受访者；少于 {minN} 份时，任何数字都可能大幅波动。",
  "survey.invite.localeAuto": "联系人的语言，否则用问卷默认语言",
  "health.ok": "正常",
  "error.notFound.title": "页面不存在",
  "error.notFound.body": "该页面不存在，或您没有访问权限。",
  "error.generic.title": "出错了",
  "error.generic.body": "请重试。如果问题持续出现，请联系管理员。",
  "error.retry": "重试",
  "error.forbidden": "您的角色无权执行此操作。",
};

/** 简体中文目录：必须包含英文目录的每一个键（由类型检查保证）。 */
export const zhCN: Record<MessageKey, string> = { ...core, ...contactsZhCN, ...builderZhCN, ...respondZhCN, ...analyticsZhCN, ...apiZhCN, ...apiScopesZhCN, ...distributionZhCN, ...exportZhCN, ...insightsZhCN, ...instrumentsZhCN, ...linksZhCN, ...accountabilityZhCN, ...casesZhCN, ...privacyZhCN, ...caseSettingsZhCN, ...attributesZhCN, ...combinationsZhCN, ...importsZhCN, ...importCleanupZhCN, ...layoutZhCN, ...caseListZhCN, ...sendingZhCN, ...securityZhCN, ...driversZhCN, ...systemZhCN, ...auditZhCN, ...ssoZhCN, ...accountsZhCN, ...webhooksZhCN, ...honestStatsZhCN, ...themesZhCN, ...outcomesZhCN, ...customerClassesZhCN, ...outcomeImportZhCN, ...orgSettingsZhCN, ...journeysZhCN };
