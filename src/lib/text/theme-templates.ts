/**
 * Industry templates a new organisation's taxonomy is seeded from (banking first, then insurance, telecom and
 * retail). Themes shared by every industry come first; each industry adds its own. Keys are stable identifiers
 * (API, exports); labels are the display names in both languages; keywords and exclusions follow themes.ts.
 */
import type { ThemeRule } from "./themes";

export type Industry = "banking" | "insurance" | "telecom" | "retail";
export const INDUSTRIES: readonly Industry[] = ["banking", "insurance", "telecom", "retail"];

const COMMON: ThemeRule[] = [
  {
    key: "waiting",
    labelZh: "排队等待",
    labelEn: "Waiting",
    keywords: ["排队", "排长队", "等候", "等待", "等了", "等太久", "等很久", "等半天", "等&久", "等&半天", "等&小时", "等&分钟", "排了", "排到", "排&队", "取号", "叫号", "排号", "人太多", "人很多", "没排队", "不用排队", "不用等",
      "queue", "queued", "queuing", "wait", "waited", "waiting", "line", "on hold", "hold for", "took ages", "took forever"],
    exclusions: ["等等", "等级", "等方面", "等问题", "等业务", "等产品", "wait list", "online", "hotline", "headline", "deadline", "timeline"],
  },
  {
    key: "staff_attitude",
    labelZh: "服务态度",
    labelEn: "Staff attitude",
    keywords: ["态度", "服务态度", "热情", "耐心", "不耐烦", "冷漠", "敷衍", "爱答不理", "礼貌", "微笑", "友好", "亲切", "和蔼", "凶", "粗鲁", "傲慢", "脸色", "贴心", "周到", "细心", "热心", "专业", "服务热情", "服务周到",
      "柜员&好", "柜员&差", "员工&好", "工作人员&好", "工作人员&差", "经理&好", "经理&热情",
      "attitude", "rude", "friendly", "polite", "patient", "impatient", "courteous", "helpful staff", "unhelpful", "staff", "teller", "cashier was", "smile", "respect", "kind", "attentive", "dismissive", "unfriendly"],
    exclusions: ["态度好像"],
  },
  {
    key: "process_speed",
    labelZh: "办理效率",
    labelEn: "Process speed",
    keywords: ["效率", "办理&慢", "办理&快", "办事&慢", "办得快", "办得慢", "流程", "手续", "繁琐", "麻烦", "跑了", "跑好几趟", "跑几趟", "跑&次", "跑&趟", "反复", "审批", "审核", "速度", "很快就", "几分钟就", "一下就", "当场就", "拖", "拖延", "慢吞吞",
      "process", "paperwork", "forms", "bureaucra", "efficient", "inefficient", "quick", "slow", "slowly", "took days", "took weeks", "approval", "approved", "complicated", "cumbersome", "steps", "documents"],
    exclusions: ["网速", "速度慢的网", "slow internet", "slow network", "slow connection", "data speed", "internet speed", "app is slow", "app slow", "fast delivery", "slow delivery", "shipping"],
  },
  {
    key: "fees",
    labelZh: "收费与价格",
    labelEn: "Fees and prices",
    keywords: ["手续费", "年费", "收费", "费用", "乱收费", "价格", "违约金", "转换费", "贵", "便宜", "划算", "实惠", "性价比", "保费", "资费", "套餐费", "管理费", "服务费", "利息高", "涨价", "优惠",
      "fee", "fees", "charge", "charged", "charges", "overcharged", "price", "prices", "pricing", "expensive", "cheap", "cost", "costs", "premium", "overpriced", "value for money", "affordable"],
    exclusions: ["免费wifi", "free wifi", "charger", "in charge"],
  },
  {
    key: "problem_solved",
    labelZh: "问题解决",
    labelEn: "Problem resolution",
    keywords: ["解决", "没解决", "未解决", "解决不了", "处理好", "处理了", "处理得", "帮我处理", "没人管", "没人处理", "推诿", "踢皮球", "回电", "答复", "没下文", "推给", "推来推去", "跟进", "一次性", "搞定", "投诉",
      "solved", "resolved", "resolve", "resolution", "fixed", "fix", "sorted out", "replaced", "follow up", "followed up", "call back", "called back", "complaint", "escalat", "unresolved", "issue was", "problem was", "still not"],
    exclusions: ["解决方案", "解决方法"],
  },
  {
    key: "customer_service_line",
    labelZh: "客服热线",
    labelEn: "Contact centre",
    keywords: ["客服电话", "热线", "人工客服", "转人工", "打不通", "打了好几次", "电话客服", "在线客服", "机器人", "智能客服", "95", "400电话", "客服",
      "hotline", "call centre", "call center", "phone line", "customer service line", "chatbot", "bot", "live agent", "human agent", "on the phone", "helpline", "support line", "customer service", "customer support"],
    exclusions: ["客服态度", "客服经理"],
  },
  {
    key: "security_privacy",
    labelZh: "安全与隐私",
    labelEn: "Security and privacy",
    keywords: ["安全", "隐私", "泄露", "信息泄露", "骚扰电话", "骚扰", "盗刷", "诈骗", "被骗", "风控", "冻结", "验证码", "人脸识别", "密码",
      "security", "secure", "privacy", "private data", "leak", "leaked", "fraud", "scam", "spam calls", "spam", "hacked", "stolen", "frozen", "verification", "password", "two-factor", "otp", "suspicious", "permission", "without my consent", "identity"],
    exclusions: ["安全带"],
  },
];

const BANKING: ThemeRule[] = [
  {
    key: "mobile_app",
    labelZh: "手机银行与App",
    labelEn: "Mobile banking and app",
    keywords: ["手机银行", "app", "网银", "网上银行", "闪退", "卡顿", "登录", "登不上", "打不开", "页面", "界面", "更新", "升级后", "小程序", "公众号", "转账失败", "系统崩", "系统故障",
      "mobile banking", "online banking", "app", "application", "crash", "crashes", "login", "log in", "logging in", "website", "last update", "app update", "latest update", "interface", "screen", "glitch", "bug"],
  },
  {
    key: "branch_environment",
    labelZh: "网点环境",
    labelEn: "Branch environment",
    keywords: ["网点环境", "环境", "大厅", "座位", "空调", "停车", "干净", "整洁", "拥挤", "吵", "装修", "饮水", "卫生间", "窗口少", "窗口太少", "只开了", "开了一个窗口", "营业时间",
      "branch was", "branch is", "lobby", "seats", "seating", "parking", "clean", "dirty", "crowded", "noisy", "air conditioning", "opening hours", "counters open", "only one counter", "one window open"],
  },
  {
    key: "products_rates",
    labelZh: "产品与利率",
    labelEn: "Products and rates",
    keywords: ["利率", "利息", "理财产品", "理财", "收益", "存款", "贷款", "房贷", "额度", "提额", "信用卡额度", "分期", "产品", "基金", "积分", "权益",
      "interest rate", "rates", "rate", "interest", "savings", "deposit", "loan", "mortgage", "credit limit", "limit", "product", "products", "investment", "returns", "reward points", "points", "credit card"],
    exclusions: ["产品经理"],
  },
];

const INSURANCE: ThemeRule[] = [
  {
    key: "claims",
    labelZh: "理赔",
    labelEn: "Claims",
    keywords: ["理赔", "报案", "定损", "赔付", "赔款", "拒赔", "不赔", "赔了", "核赔", "查勘", "赔偿", "免赔",
      "claim", "claims", "payout", "paid out", "reimburse", "settlement", "assessor", "adjuster", "denied", "rejected my claim"],
  },
  {
    key: "policy_terms",
    labelZh: "保单与条款",
    labelEn: "Policy and terms",
    keywords: ["条款", "保单", "保障", "保额", "续保", "退保", "免责", "核保", "健康告知", "投保", "保险责任", "看不懂",
      "policy", "terms", "coverage", "cover", "renewal", "renew", "cancel the policy", "fine print", "exclusion", "underwriting"],
  },
  {
    key: "agent_advice",
    labelZh: "代理人与销售",
    labelEn: "Agents and sales",
    keywords: ["代理人", "业务员", "销售", "推销", "误导", "忽悠", "夸大", "承诺", "讲解",
      "agent", "broker", "salesperson", "sales pitch", "mis-sold", "misled", "pushy", "upsell", "explained"],
  },
  {
    key: "mobile_app",
    labelZh: "手机App与线上服务",
    labelEn: "App and online service",
    keywords: ["app", "小程序", "公众号", "官网", "线上", "网上", "闪退", "上传", "页面", "登录",
      "app", "online", "website", "portal", "upload", "crash", "login"],
  },
];

const TELECOM: ThemeRule[] = [
  {
    key: "network_quality",
    labelZh: "网络与信号",
    labelEn: "Network and signal",
    keywords: ["信号", "网速", "断网", "掉线", "没网", "网络", "5g", "4g", "通话质量", "打电话&断", "卡顿", "基站", "wifi",
      "signal", "coverage", "network", "internet", "connection", "dropped calls", "dropped", "outage", "speed", "5g", "4g", "wifi", "slow internet", "data"],
  },
  {
    key: "billing",
    labelZh: "账单与扣费",
    labelEn: "Billing",
    keywords: ["账单", "扣费", "乱扣费", "话费", "多扣", "扣钱", "增值业务", "订阅", "流量费", "欠费", "停机", "扣费", "乱扣费", "续约", "合约",
      "bill", "billing", "billed", "invoice", "charged", "overcharged", "charges", "tariff", "subscription", "data plan", "roaming"],
  },
  {
    key: "installation_repair",
    labelZh: "装机与维修",
    labelEn: "Installation and repair",
    keywords: ["装机", "安装", "维修", "上门", "师傅", "预约", "报修", "修好", "光猫", "路由器",
      "install", "installation", "technician", "engineer", "repair", "appointment", "router", "modem", "visit"],
  },
  {
    key: "mobile_app",
    labelZh: "App与线上营业厅",
    labelEn: "App and online service",
    keywords: ["app", "网上营业厅", "小程序", "公众号", "闪退", "登录", "页面", "线上办理",
      "app", "online", "website", "crash", "login", "self-service"],
  },
];

const RETAIL: ThemeRule[] = [
  {
    key: "product_quality",
    labelZh: "商品质量",
    labelEn: "Product quality",
    keywords: ["质量", "做工", "材质", "坏了", "破了", "掉色", "不新鲜", "新鲜", "过期", "假货", "正品", "次品", "瑕疵", "尺码", "味道", "好吃", "耐用",
      "quality", "broke", "broken", "defective", "fake", "genuine", "fresh", "expired", "material", "size", "fit", "durable", "stopped working", "faulty", "taste", "the product", "works perfectly"],
    exclusions: ["服务质量"],
  },
  {
    key: "delivery",
    labelZh: "物流配送",
    labelEn: "Delivery",
    keywords: ["物流", "快递", "配送", "送货", "发货", "到货", "包装", "破损", "送到", "延迟", "签收", "骑手",
      "delivery", "delivered", "shipping", "shipped", "courier", "package", "parcel", "packaging", "arrived", "dispatch", "tracking", "late"],
  },
  {
    key: "returns_refunds",
    labelZh: "退换货与退款",
    labelEn: "Returns and refunds",
    keywords: ["退货", "换货", "退款", "退钱", "售后", "退换", "不给退", "退不了", "七天无理由",
      "return", "returns", "returned", "refund", "refunded", "exchange", "after-sales", "warranty"],
  },
  {
    key: "store_environment",
    labelZh: "门店环境与陈列",
    labelEn: "Store environment",
    keywords: ["门店", "店里", "环境", "陈列", "货架", "缺货", "找不到", "收银台", "收银机", "停车", "干净", "拥挤", "试衣间",
      "store", "shop", "shelves", "aisle", "out of stock", "checkout", "till", "parking", "clean", "crowded", "fitting room", "layout"],
  },
  {
    key: "mobile_app",
    labelZh: "App与线上商城",
    labelEn: "App and online shop",
    keywords: ["app", "小程序", "商城", "下单", "付款", "支付", "页面", "闪退",
      "app", "website", "online shop", "checkout page", "order online", "payment", "crash"],
  },
];

export function themeTemplate(industry: Industry): ThemeRule[] {
  const own = { banking: BANKING, insurance: INSURANCE, telecom: TELECOM, retail: RETAIL }[industry];
  return [...COMMON, ...own];
}
