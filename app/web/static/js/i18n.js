// Words of the UI in Chinese (the default) and English; data labels come from the API (name_zh / name_en).

const WORDS = {
  zh: {
    title: "产教评技能生态链知识图谱",
    dashboard: "规划仪表盘",
    network: "生态链网络",
    myNetwork: "我的生态链",
    search: "搜索",
    logout: "退出",
    switchLang: "English",
    loginTitle: "登录",
    loginHelp: "请粘贴 API 密钥（sg_…）。密钥只保存在本浏览器标签页中。演示密钥由 `skillgraph demo` 打印。",
    key: "API 密钥",
    login: "登录",
    loading: "加载中…",
    role_planner: "规划人员",
    role_chain_leader: "链主企业",
    role_analyst: "分析人员",
    role_admin: "管理员",
    error: "出错了",
    notForRole: "当前角色无权查看此页面。",
    notFound: "页面不存在。",
    shortages: "紧缺职业排行",
    rank: "排名",
    occupation: "职业",
    demand: "需求",
    supply: "供给",
    unmet: "未满足需求",
    vacancyRatio: "求人倍率",
    reason: "紧缺原因",
    reason_no_supply: "无供给",
    reason_vacancy_ratio: "求人倍率高",
    reason_declared: "企业申报紧缺",
    allClusters: "全部产业集群",
    allFields: "全部重点领域",
    allLevels: "全部技能等级",
    previous: "上一页",
    next: "下一页",
    pageOf: "第 {from}–{to} 条，共 {total} 条",
    noRows: "没有符合条件的紧缺职业。",
    gapsByDistrict: "各区县缺口",
    gapsByCluster: "各产业集群缺口",
    stationMap: "服务站布局",
    districtsSized: "区县（大小 = 未满足需求）",
    stations: "现有服务站",
    recommended: "推荐站点",
    recommendationsUnavailable: "站点推荐暂不可用。",
    coveredBefore: "新增站点前覆盖 {before}，新增后覆盖 {after}（未满足需求共 {total}）",
    gain: "新增覆盖",
    lng: "经度",
    lat: "纬度",
    chain: "生态链",
    link: "环节",
    chooseChain: "选择生态链",
    noChains: "没有可查看的生态链。",
    legend: "图例",
    missingLinks: "缺失环节：{links}",
    noMissingLinks: "五个环节均有成员。",
    cut: "节点过多，仅显示 {shown} / {total} 个节点。",
    nodes: "{n} 个节点，{m} 条关系",
    coverage: "环节覆盖",
    score: "覆盖得分",
    members: "成员",
    link_none: "其他（合作方、服务站、平台）",
    centre: "生态链",
    clickNode: "点击节点查看详情。",
    properties: "属性",
    neighbours: "关联（{shown} / {total}）",
    open: "打开",
    searchPlaceholder: "名称、编号或统一社会信用代码",
    searchButton: "搜索",
    results: "共 {total} 条结果",
    noResults: "没有找到匹配的结果。",
    kind: "类型",
    id: "编号",
    name: "名称",
  },
  en: {
    title: "Skills Ecosystem Knowledge Graph",
    dashboard: "Dashboard",
    network: "Chain network",
    myNetwork: "My network",
    search: "Search",
    logout: "Log out",
    switchLang: "中文",
    loginTitle: "Log in",
    loginHelp: "Paste an API key (sg_…). It is kept in this browser tab only. `skillgraph demo` prints demo keys.",
    key: "API key",
    login: "Log in",
    loading: "Loading…",
    role_planner: "planner",
    role_chain_leader: "chain leader",
    role_analyst: "analyst",
    role_admin: "admin",
    error: "Error",
    notForRole: "Your role may not open this page.",
    notFound: "No such page.",
    shortages: "Shortage ranking",
    rank: "Rank",
    occupation: "Occupation",
    demand: "Demand",
    supply: "Supply",
    unmet: "Unmet demand",
    vacancyRatio: "Vacancy ratio",
    reason: "Why short",
    reason_no_supply: "no supply",
    reason_vacancy_ratio: "high vacancy ratio",
    reason_declared: "declared by employers",
    allClusters: "All clusters",
    allFields: "All priority fields",
    allLevels: "All skill levels",
    previous: "Previous",
    next: "Next",
    pageOf: "{from}–{to} of {total}",
    noRows: "No shortage occupations match.",
    gapsByDistrict: "Gaps by district",
    gapsByCluster: "Gaps by cluster",
    stationMap: "Service stations",
    districtsSized: "Districts (size = unmet demand)",
    stations: "Existing stations",
    recommended: "Recommended sites",
    recommendationsUnavailable: "Station recommendations are not available.",
    coveredBefore: "Covered before: {before}; after the new sites: {after} (unmet demand in all: {total})",
    gain: "Gain",
    lng: "Longitude",
    lat: "Latitude",
    chain: "Chain",
    link: "Link",
    chooseChain: "Choose a chain",
    noChains: "No chain to show.",
    legend: "Legend",
    missingLinks: "Missing links: {links}",
    noMissingLinks: "All five links have members.",
    cut: "Too many nodes: showing {shown} of {total}.",
    nodes: "{n} nodes, {m} relationships",
    coverage: "Link coverage",
    score: "Coverage score",
    members: "Members",
    link_none: "Other (partners, stations, platforms)",
    centre: "Chain",
    clickNode: "Click a node for its detail.",
    properties: "Properties",
    neighbours: "Neighbours ({shown} of {total})",
    open: "Open",
    searchPlaceholder: "Name, id or credit code",
    searchButton: "Search",
    results: "{total} results",
    noResults: "Nothing found.",
    kind: "Kind",
    id: "Id",
    name: "Name",
  },
};

// The domain's word lists (link roles, priority fields, skill levels, …) come from the API, written once in
// graph_model: GET /api/v1/vocabulary, read after login by `loadVocabulary`.
let vocabulary = {};

export function setVocabulary(lists) {
  vocabulary = lists;
}

/** The ids of one word list, in its order (e.g. words("link_role") → ["industry", …]). */
export function words(list) {
  return (vocabulary[list] ?? []).map((w) => w.id);
}

/** One word of a list in the current language (its id if the list does not hold it). */
export function word(list, id) {
  const found = (vocabulary[list] ?? []).find((w) => w.id === id);
  return found ? nameOf(found) : id;
}

let current = sessionStorage.getItem("sg-lang") === "en" ? "en" : "zh";

export function lang() {
  return current;
}

export function setLang(value) {
  current = value === "en" ? "en" : "zh";
  sessionStorage.setItem("sg-lang", current);
  document.documentElement.lang = current === "en" ? "en" : "zh-CN";
}

/** The word for `key` in the current language, with {name} placeholders filled from `vars`. */
export function t(key, vars = {}) {
  const text = WORDS[current][key] ?? WORDS.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ""));
}

/** An entity's name in the current language, falling back to the other one, then to its id. */
export function nameOf(item) {
  const zh = item.name_zh;
  const en = item.name_en;
  return (current === "en" ? en || zh : zh || en) || item.id || "";
}
