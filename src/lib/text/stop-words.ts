/**
 * Stop words of both languages: function words that carry no topic. Sentiment still sees them (不, not, very …
 * are kept in the token stream, only marked), so negators and intensifiers are deliberately NOT listed here.
 */
const ZH = `的 了 着 过 是 在 和 与 及 或 也 还 就 都 又 而 且 把 被 给 让 对 从 向 到 于 以 为 之 其 这 那 这个 那个 这些 那些
这样 那样 这么 那么 什么 怎么 哪 哪里 哪个 我 我们 你 你们 您 他 她 它 他们 她们 它们 自己 大家 人家 啊 吧 呢 吗 嘛 呀 哦 哈
呵 嗯 哎 唉 喔 啦 咯 个 些 点 一下 一点 一些 一个 有 有点 有些 没 就是 但 但是 不过 可是 然后 所以 因为 如果 虽然 而且 并且
还是 或者 已经 一直 一次 每次 每 次 会 能 要 想 可以 应该 让 得 地 去 来 说 看 做 弄 搞 上 下 里 中 后 前 时 时候 今天
昨天 现在 当时 之后 之前 本 该 各 另 其他 其它 别的 等 等等 这里 那里 我的 你们的`;

const EN = `a an the and or but if then else of to in on at by for with from as into about over after before under
again further than so such that this these those there here it its it's i me my mine we us our ours you your yours he
him his she her hers they them their theirs what which who whom whose when where why how all any both each few more
most other some own same just also only be been being am is are was were do does did doing have has had having would
could should will shall may might must can let lets i'm i've i'd you're we're they're it's that's there's get got
getting go going went one two thing things way lot lots really`;

const STOP = new Set([...ZH.split(/\s+/u), ...EN.split(/\s+/u)].filter(Boolean));

export function isStopWord(word: string): boolean {
  return STOP.has(word);
}
