/**
 * The project's CX user dictionary for jieba: words of banking, insurance, telecom and retail service that the
 * general dictionary splits (客服 → 客/服 with Intl.Segmenter; 闪退 → 闪/退 and 手机银行 → 手机/银行 with jieba's
 * own dictionary). Each entry is a word jieba must keep whole; frequency is set high so the user word wins.
 * Keep it sorted by industry; add words here, not in code that segments.
 */
export const CX_WORDS: readonly string[] = [
  // banking
  "手机银行", "网上银行", "网银", "信用卡", "信用卡额度", "额度", "提额", "柜员", "柜台", "柜面", "网点", "支行", "营业厅",
  "大堂经理", "客户经理", "理财经理", "理财", "理财产品", "存款利率", "贷款利率", "房贷", "车贷", "消费贷", "手续费", "年费",
  "转账", "跨行转账", "取号", "叫号", "排队", "排号", "取款机", "自动取款机", "存取款", "开户", "销户", "挂失", "补卡",
  "密码重置", "验证码", "短信验证码", "人脸识别", "刷脸", "盗刷", "风控", "冻结", "解冻", "分期", "还款", "逾期", "征信",
  "积分", "权益", "外汇", "基金", "定期存款", "活期", "利息", "到账", "闪退", "卡顿", "登录不上", "页面", "界面",
  // insurance
  "理赔", "报案", "定损", "核保", "保单", "保费", "续保", "退保", "拒赔", "赔付", "赔款", "免赔额", "车险", "医疗险",
  "重疾险", "寿险", "保险代理人", "代理人", "理赔员", "查勘员", "材料", "补材料",
  // telecom
  "资费", "套餐", "话费", "流量", "宽带", "信号", "网速", "断网", "掉线", "基站", "携号转网", "停机", "扣费", "乱扣费",
  "增值业务", "营业员", "装机", "维修师傅", "上门", "5g", "营业厅",
  // retail
  "售后", "退货", "换货", "退款", "物流", "快递", "配送", "发货", "到货", "收银", "收银员", "导购", "店员", "缺货",
  "会员", "会员卡", "优惠券", "促销", "性价比", "质量问题", "包装", "破损", "客服", "人工客服", "热线", "投诉",
  // general service
  "服务态度", "态度", "效率", "办理", "办事效率", "流程", "手续", "等候", "等待", "回电", "回访", "解决", "没解决",
  "不耐烦", "爱答不理", "专业", "耐心", "热情", "周到", "贴心", "靠谱", "坑人", "套路", "隐私", "泄露", "骚扰电话",
];

/** The dictionary in jieba's text format (`word freq`), one line per word. */
export function cxDictionaryText(words: readonly string[] = CX_WORDS): string {
  return words.map((w) => `${w} 200000`).join("\n");
}
