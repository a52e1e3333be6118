/**
 * The project's sentiment lexicon for customer-service language, Chinese and English. Weights −3 … 3 (strong
 * words ±3, plain ±2, mild ±1). CX-specific entries carry the polarity they have in a service comment (排队, 闪退,
 * "queue", "crash" are negative; 秒到, "quick" positive). Negators, intensifiers and contrast words are separate
 * lists: src/lib/text/sentiment.ts applies them. Chinese entries are matched longest-first inside a clause, so
 * 不错 (positive) is never read as 不 + 错.
 */

export const ZH_SENTIMENT: Readonly<Record<string, number>> = {
  // positive
  好: 2, 很好: 2, 挺好: 2, 真好: 2, 不错: 2, 满意: 2, 非常满意: 3, 很满意: 3, 赞: 2, 点赞: 2, 给力: 2, 棒: 2, 很棒: 3,
  优秀: 3, 完美: 3, 专业: 2, 耐心: 2, 热情: 2, 周到: 2, 贴心: 2, 细心: 2, 认真: 2, 负责: 2, 友好: 2, 礼貌: 2, 有礼貌: 2,
  亲切: 2, 温柔: 1, 和蔼: 2, 快: 1, 很快: 2, 迅速: 2, 及时: 2, 高效: 2, 效率高: 2, 方便: 2, 便捷: 2, 便利: 2, 简单: 1,
  顺利: 2, 顺畅: 2, 流畅: 2, 清楚: 1, 清晰: 1, 明白: 1, 干净: 2, 整洁: 2, 舒适: 2, 舒服: 2, 宽敞: 1, 安全: 2, 放心: 2,
  安心: 2, 靠谱: 2, 划算: 2, 实惠: 2, 优惠: 1, 性价比高: 2, 便宜: 1, 合理: 1, 稳定: 2, 好用: 2, 喜欢: 2, 推荐: 2, 值得: 2,
  感谢: 2, 谢谢: 2, 感激: 2, 辛苦了: 1, 解决了: 2, 已解决: 2, 帮忙解决: 2, 帮我解决: 2, 秒到: 2, 到账快: 2, 准时: 2,
  没问题: 1, 省心: 2, 省事: 2, 愉快: 2, 开心: 2, 惊喜: 3, 超出预期: 3, 一流: 3, 到位: 2, 用心: 2, 信赖: 2, 信任: 2,
  好评: 2, 五星: 3, 优质: 2, 体贴: 2, 热心: 2, 可以: 1, 还行: 1, 挺快: 2, 很方便: 2, 人性化: 2, 无微不至: 3,
  // negative
  差: -2, 很差: -3, 太差: -3, 极差: -3, 不好: -2, 不行: -2, 糟糕: -3, 垃圾: -3, 烂: -3, 坑: -2, 坑人: -3, 骗: -3,
  骗人: -3, 欺骗: -3, 套路: -2, 失望: -2, 很失望: -3, 不满: -2, 不满意: -2, 生气: -2, 愤怒: -3, 气愤: -3, 无语: -2,
  郁闷: -2, 烦: -2, 麻烦: -2, 繁琐: -2, 复杂: -1, 慢: -2, 太慢: -3, 很慢: -3, 缓慢: -2, 拖: -2, 拖延: -2, 推诿: -3,
  踢皮球: -3, 敷衍: -3, 冷漠: -3, 态度差: -3, 不耐烦: -3, 爱答不理: -3, 凶: -2, 粗鲁: -3, 没礼貌: -3, 傲慢: -3,
  不专业: -3, 不负责: -3, 不负责任: -3, 不清楚: -1, 乱: -2, 混乱: -2, 吵: -1, 吵闹: -2, 脏: -2, 拥挤: -2, 挤: -1,
  排队: -2, 排长队: -3, 久: -1, 很久: -2, 太久: -3, 等半天: -3, 半天: -1, 浪费时间: -3, 耽误: -2, 闪退: -3, 卡顿: -2,
  卡: -1, 崩溃: -3, 死机: -3, 登录不上: -3, 打不开: -3, 用不了: -3, 故障: -2, 出错: -2, 报错: -2, 失败: -2, bug: -2,
  贵: -2, 太贵: -3, 乱收费: -3, 乱扣费: -3, 扣费: -1, 收费高: -2, 手续费高: -2, 不透明: -2, 隐藏收费: -3, 骚扰: -3,
  骚扰电话: -3, 泄露: -3, 盗刷: -3, 不安全: -3, 担心: -2, 拒赔: -3, 不赔: -3, 没解决: -3, 未解决: -3, 解决不了: -3,
  没人管: -3, 没人理: -3, 没人接: -3, 打不通: -3, 投诉: -2, 差评: -3, 后悔: -2, 不推荐: -3, 断网: -3, 掉线: -2,
  信号差: -3, 网速慢: -3, 没信号: -3, 延误: -2, 破损: -3, 缺货: -2, 质量差: -3, 不合理: -2, 刁难: -3, 为难: -2,
  难: -1, 难用: -3, 不方便: -2, 不靠谱: -3, 降低: -1, 低: -1, 太低: -2, 不够: -1, 失误: -2, 错误: -2, 不及时: -2,
  漏: -1, 丢: -2, 丢失: -2, 退不了: -3, 不给退: -3, 冻结: -2, 被冻结: -3,
  // complaints that describe a failure without an opinion word
  没消息: -2, 没下文: -2, 没结果: -2, 没反应: -2, 没回复: -2, 不回复: -2, 没人: -2, 催了: -2, 好几次: -1, 好几天: -2,
  好几趟: -2, 三番五次: -2, 来回跑: -2, 折腾: -2, 受不了: -3, 煎熬: -3, 忽悠: -3, 误导: -3, 夸大: -2, 可怜: -2,
  吃哑巴亏: -3, 纠纷: -2, 扯皮: -3, 石沉大海: -3, 放鸽子: -3, 莫名其妙: -2, 多扣: -3, 对不上: -2, 假货: -3, 瑕疵: -2,
  划痕: -2, 坏了: -2, 烂了: -3, 碎了: -3, 磨脚: -2, 掉色: -2, 延迟: -2, 超时: -2, 强行: -3, 推销: -1, 反感: -3, 烦死: -3,
  杂音: -2, 时有时无: -2, 没法: -2, 吓一跳: -2, 恢复了: 2, 没等: 2, 不用等: 2, 好多了: 2, 还好: 1,
  毛病: -2, 没毛病: 2, 效率很高: 2, 答非所问: -3, 冷: -1, 实用: 2, 细致: 2, 重视: 2, 还要等: -2, 太高: -2, 白交: -2, 还可以: 1,
  会继续: 2, 性价比很高: 3, 恶劣: -3, 涨价: -2, 少了: -1,
};

/** Words that contain a negator or a sentiment character but are neither (别家 is not 别 + 家; 快递 is not 快). */
export const ZH_NEUTRAL: readonly string[] = ["别家", "别的", "别人", "区别", "级别", "类别", "特别是", "无理由", "快递", "快递员", "好几", "好像", "好多", "不久前", "差不多", "不管", "没什么", "不少", "不好说", "不好评价", "出差", "时差", "好评价"];

export const EN_SENTIMENT: Readonly<Record<string, number>> = {
  // positive
  good: 2, great: 3, excellent: 3, amazing: 3, awesome: 3, fantastic: 3, wonderful: 3, perfect: 3, nice: 2, fine: 1,
  ok: 1, okay: 1, satisfied: 2, happy: 2, pleased: 2, glad: 2, love: 3, loved: 3, like: 1, liked: 1, friendly: 2,
  helpful: 2, polite: 2, kind: 2, patient: 2, professional: 2, courteous: 2, attentive: 2, knowledgeable: 2, quick: 2,
  quickly: 2, fast: 2, prompt: 2, promptly: 2, efficient: 2, easy: 2, smooth: 2, smoothly: 2, simple: 2, convenient: 2,
  clear: 1, clean: 2, comfortable: 2, safe: 1, secure: 1, reliable: 2, affordable: 2, reasonable: 1, fair: 1, cheap: 1,
  recommend: 2, recommended: 2, thanks: 2, thank: 2, grateful: 2, appreciate: 2, appreciated: 2, resolved: 2, solved: 2,
  fixed: 2, best: 3, better: 1, seamless: 2, painless: 2, intuitive: 2, responsive: 2, impressed: 3, superb: 3,
  // negative
  bad: -2, poor: -2, terrible: -3, awful: -3, horrible: -3, worst: -3, worse: -2, disappointed: -2, disappointing: -2,
  unhappy: -2, angry: -3, frustrated: -2, frustrating: -2, annoying: -2, annoyed: -2, rude: -3, unfriendly: -2,
  unhelpful: -2, unprofessional: -3, impatient: -2, careless: -2, slow: -2, slowly: -2, delay: -2, delayed: -2,
  delays: -2, wait: -2, waited: -2, waiting: -2, queue: -2, queues: -2, forever: -2, ages: -2, crash: -3, crashes: -3,
  crashed: -3, crashing: -3, freeze: -2, freezes: -2, froze: -2, bug: -2, bugs: -2, buggy: -2, broken: -2, error: -2,
  errors: -2, fail: -2, failed: -2, fails: -2, failure: -2, expensive: -2, overpriced: -3, overcharged: -3, fees: -1,
  hidden: -1, confusing: -2, complicated: -2, difficult: -2, hard: -1, useless: -3, waste: -3, wasted: -3, scam: -3,
  fraud: -3, unsafe: -3, leaked: -3, spam: -2, complaint: -2, complain: -2, ignored: -3, dirty: -2, crowded: -2,
  noisy: -1, lost: -2, damaged: -3, late: -2, never: -1, nobody: -2, unresolved: -3, denied: -2, rejected: -2,
  cumbersome: -2, outage: -3, dropped: -2, unreliable: -3, hassle: -2, nightmare: -3, misleading: -3, incompetent: -3,
  pending: -1, nowhere: -2, misled: -3, pushy: -2, low: -1, lower: -2, failing: -2, faulty: -2, perfectly: 3, refused: -2, unpleasant: -2, rip: -3, empty: -2,
  patiently: 2, clearly: 1, explained: 1,
};

/** Words that flip the polarity of the next sentiment word in the clause. */
export const ZH_NEGATORS: readonly string[] = ["不", "没", "没有", "未", "别", "无", "不是", "并不", "从不", "毫无", "不会", "不太", "不怎么", "不算", "没那么", "不用", "无需", "不必"];
/** Negators that say "no need" rather than "it failed": they negate, but never count as a complaint alone. */
export const SOFT_NEGATORS: readonly string[] = ["不用", "无需", "不必", "no need"];
export const EN_NEGATORS: readonly string[] = ["not", "no", "never", "n't", "dont", "don't", "didn't", "didnt", "doesn't", "doesnt", "isn't", "isnt", "wasn't", "wasnt", "aren't", "won't", "cannot", "can't", "couldn't", "without", "hardly", "barely", "nothing"];

/** Words that strengthen the next sentiment word (multiplier). */
export const ZH_INTENSIFIERS: Readonly<Record<string, number>> = {
  很: 1.5, 太: 1.6, 非常: 1.8, 特别: 1.7, 十分: 1.7, 极其: 2, 极: 1.8, 超: 1.6, 超级: 1.8, 相当: 1.5, 真: 1.4, 真的: 1.4,
  好: 1.3, 挺: 1.3, 蛮: 1.3, 比较: 1.1, 更: 1.3, 最: 1.7, 实在: 1.6, 简直: 1.7, 巨: 1.7, 老是: 1.4, 总是: 1.4, 一直: 1.3,
  有点: 0.7, 有些: 0.7, 稍微: 0.6, 略: 0.6,
};
export const EN_INTENSIFIERS: Readonly<Record<string, number>> = {
  very: 1.5, so: 1.5, really: 1.4, extremely: 1.8, too: 1.5, super: 1.6, incredibly: 1.8, absolutely: 1.7, totally: 1.5,
  quite: 1.2, always: 1.3, constantly: 1.5, most: 1.4, highly: 1.5, bit: 0.7, slightly: 0.6, somewhat: 0.7,
};

/** Contrast words: what follows weighs more than what precedes (但是 … / … but …). */
export const ZH_CONTRAST: readonly string[] = ["但是", "但", "不过", "可是", "然而", "却", "只是"];
export const EN_CONTRAST: readonly string[] = ["but", "however", "though", "although", "yet"];
