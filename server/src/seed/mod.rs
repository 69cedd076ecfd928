//! `hotline seed-demo`: Ili prefecture's units, categories, demo staff for
//! every role, and a few hundred requests in every state — driven through the
//! real service and state machine, so demo data obeys the same rules.

pub mod bulk;
mod requests;

use crate::service::Service;
use crate::store::Store;
use std::sync::Arc;

/// Every demo account's password (printed; change it in production).
pub const DEMO_PASSWORD: &str = "demo-12345";

/// (id, name, parent, vertical, dispatches its subtree)
const UNITS: &[(&str, &str, Option<&str>, bool, bool)] = &[
    ("center", "伊犁州12345热线管理中心", None, false, true),
    // Prefecture-level departments.
    ("zhou-zhujian", "州住房和城乡建设局", Some("center"), false, false),
    ("zhou-renshe", "州人力资源和社会保障局", Some("center"), false, false),
    ("zhou-shijian", "州市场监督管理局", Some("center"), false, false),
    ("zhou-shengtai", "州生态环境局", Some("center"), false, false),
    ("zhou-jiaotong", "州交通运输局", Some("center"), false, false),
    ("zhou-jiaoyu", "州教育局", Some("center"), false, false),
    ("zhou-weijian", "州卫生健康委员会", Some("center"), false, false),
    ("zhou-shuiwu", "国家税务总局伊犁州税务局", Some("center"), true, false),
    ("zhou-gongdian", "国网伊犁供电公司", Some("center"), true, false),
    // Counties and cities (each dispatches within its own subtree, Art. 4).
    ("yining", "伊宁市人民政府", Some("center"), false, true),
    ("kuitun", "奎屯市人民政府", Some("center"), false, true),
    ("horgos", "霍尔果斯市人民政府", Some("center"), false, true),
    ("yining-county", "伊宁县人民政府", Some("center"), false, true),
    ("qapqal", "察布查尔锡伯自治县人民政府", Some("center"), false, true),
    ("huocheng", "霍城县人民政府", Some("center"), false, true),
    ("gongliu", "巩留县人民政府", Some("center"), false, true),
    ("xinyuan", "新源县人民政府", Some("center"), false, true),
    ("zhaosu", "昭苏县人民政府", Some("center"), false, true),
    ("tekes", "特克斯县人民政府", Some("center"), false, true),
    ("nilka", "尼勒克县人民政府", Some("center"), false, true),
    // County departments and townships.
    ("yining-zhujian", "伊宁市住房和城乡建设局", Some("yining"), false, false),
    ("yining-shijian", "伊宁市市场监督管理局", Some("yining"), false, false),
    ("yining-dunmaili", "伊宁市墩买里街道", Some("yining"), false, false),
    ("yining-ailanmubage", "伊宁市艾兰木巴格街道", Some("yining"), false, false),
    ("kuitun-tuanjielu", "奎屯市团结路街道", Some("kuitun"), false, false),
    ("huocheng-qingshuihe", "霍城县清水河镇", Some("huocheng"), false, false),
    ("huocheng-shuiding", "霍城县水定镇", Some("huocheng"), false, false),
    ("xinyuan-nalati", "新源县那拉提镇", Some("xinyuan"), false, false),
    ("xinyuan-town", "新源县新源镇", Some("xinyuan"), false, false),
    ("zhaosu-town", "昭苏县昭苏镇", Some("zhaosu"), false, false),
    ("qapqal-town", "察布查尔锡伯自治县察布查尔镇", Some("qapqal"), false, false),
];

/// (code, name, parent, stricter statutory limit in working days, Art. 19(3))
const CATEGORIES: &[(&str, &str, Option<&str>, Option<i64>)] = &[
    ("urban", "城乡建设", None, None),
    ("urban.water", "供水", Some("urban"), None),
    ("urban.heating", "供暖", Some("urban"), None),
    ("urban.property", "物业管理", Some("urban"), None),
    ("market", "市场监管", None, None),
    ("market.consumer", "消费维权", Some("market"), Some(7)),
    ("market.food", "食品安全", Some("market"), None),
    ("labour", "劳动保障", None, None),
    ("labour.wages", "拖欠工资", Some("labour"), None),
    ("labour.social_card", "社保卡办理", Some("labour"), None),
    ("environment", "生态环境", None, None),
    ("environment.noise", "噪音扰民", Some("environment"), None),
    ("transport", "交通运输", None, None),
    ("transport.taxi", "出租车", Some("transport"), None),
    ("education", "教育", None, None),
    ("health", "医疗卫生", None, None),
    ("tax", "税务", None, None),
    ("power", "供电", None, None),
];

/// A starting knowledge base (Art. 28): (code, question, answer, basis, category, owning unit).
const KNOWLEDGE: &[(&str, &str, &str, &str, Option<&str>, Option<&str>)] = &[
    ("KB-0001", "社保卡丢失了怎么补办？", "可携带本人身份证到就近的社会保障卡服务网点或合作银行网点办理挂失和补办，也可通过“新疆智慧人社”App 先行挂失；补卡一般 7 个工作日内可领取。", "《社会保障卡管理办法》", Some("labour.social_card"), Some("zhou-renshe")),
    ("KB-0002", "住房公积金怎么提取？", "购房、租房、退休等情形可申请提取。请携带身份证及相关证明材料到住房公积金管理中心服务大厅办理，或通过公积金网上服务平台申请。", "《住房公积金管理条例》第二十四条", Some("urban"), Some("zhou-zhujian")),
    ("KB-0003", "办理营业执照需要哪些材料？", "个体工商户需提供经营者身份证、经营场所使用证明；企业需提供设立登记申请书、章程、股东身份证明、住所使用证明。可在政务服务网全程网办。", "《市场主体登记管理条例》第十六条", Some("market"), Some("zhou-shijian")),
    ("KB-0004", "拖欠工资该向哪里投诉？", "可向用人单位所在地的劳动保障监察机构投诉，也可拨打 12345 登记，由人力资源和社会保障部门依法处理。", "《保障农民工工资支付条例》第五十条", Some("labour.wages"), Some("zhou-renshe")),
    ("KB-0005", "噪音扰民晚上几点以后不能施工？", "夜间（22 时至次日 6 时）禁止在噪声敏感建筑物集中区域进行产生噪声的建筑施工作业，因特殊需要必须连续施工的，须取得证明并公告附近居民。", "《中华人民共和国噪声污染防治法》第四十三条", Some("environment.noise"), Some("zhou-shengtai")),
    ("KB-0006", "12345 热线受理哪些事项？", "受理咨询、投诉举报、求助和建议类非紧急事项。紧急情况请拨打 110、119、120、122；已进入诉讼、仲裁、信访等法定程序的事项不予受理。", "《伊犁州12345政务服务便民热线管理办法（试行）》第十一条、第十二条", None, None),
    ("KB-0007", "医保异地就医怎么备案？", "可通过“国家医保服务平台”App 或当地医保经办机构办理异地就医备案，备案后在定点医疗机构可直接结算。", "《基本医疗保险跨省异地就医直接结算经办规程》", Some("health"), Some("zhou-weijian")),
    ("KB-0008", "停电了怎么查询恢复时间？", "可拨打 95598 供电服务热线或通过“网上国网”App 查询计划停电和故障抢修进度。", "《供电营业规则》", Some("power"), Some("zhou-gongdian")),
    ("KB-0009", "冬季室内温度不达标、暖气不热怎么办？", "供暖期内居室温度应不低于 18℃。可先联系供热企业报修；供热企业应在 24 小时内上门检查处理，温度仍不达标的可申请按规定退还相应供热费。", "《城市供热价格管理暂行办法》；《新疆维吾尔自治区供热管理条例》", Some("urban.heating"), Some("zhou-zhujian")),
    ("KB-0010", "小区停水了什么时候恢复供水？", "计划停水会提前 24 小时公告；突发停水请联系供水企业客服查询抢修进度。停水超过 24 小时的，供水企业应当采取临时供水措施。", "《城市供水条例》第二十二条", Some("urban.water"), Some("zhou-zhujian")),
    ("KB-0011", "物业公司不履行维修义务怎么办？", "可先要求物业服务企业依照物业服务合同履行维修义务；协商不成的，可向街道办事处或住房和城乡建设部门投诉，也可依法提起诉讼。", "《物业管理条例》第三十五条", Some("urban.property"), Some("zhou-zhujian")),
    ("KB-0012", "网约车司机绕路多收费怎么投诉？", "可在网约车平台内投诉申请退还多收费用，也可向交通运输部门举报，并提供行程单、支付凭证等材料。", "《网络预约出租汽车经营服务管理暂行办法》", Some("transport.taxi"), Some("zhou-jiaotong")),
    ("KB-0013", "买到过期食品如何维权？", "保存好购物凭证和食品，可要求商家退货并按价款十倍或损失三倍索赔（不足一千元的按一千元）；也可向市场监督管理部门投诉举报。", "《中华人民共和国食品安全法》第一百四十八条", Some("market.food"), Some("zhou-shijian")),
    ("KB-0014", "孩子入学需要准备哪些材料？", "一般需要户口簿、房产证明或租房合同、预防接种证等，具体以所在县市教育局当年发布的招生入学公告为准。", "《中华人民共和国义务教育法》第十二条", Some("education"), Some("zhou-jiaoyu")),
    ("KB-0015", "个人所得税汇算清缴怎么办理？", "每年 3 月 1 日至 6 月 30 日，可通过“个人所得税”App 或自然人电子税务局网站办理年度汇算，也可到办税服务厅办理。", "《中华人民共和国个人所得税法》第十一条", Some("tax"), Some("zhou-shuiwu")),
    ("KB-0016", "夜间建筑工地施工噪声太大怎么投诉？", "夜间施工须持有夜间施工证明并公告附近居民；无证明施工或噪声超标的，可向生态环境部门或城市管理部门举报，执法人员将到现场核查。", "《中华人民共和国噪声污染防治法》第四十三条、第七十七条", Some("environment.noise"), Some("zhou-shengtai")),
];

/// (username, display name, role, unit)
pub const DEMO_USERS: &[(&str, &str, &str, &str)] = &[
    ("agent", "热线话务员 李娜", "agent", "center"),
    ("reviewer", "热线审核员 王强", "reviewer", "center"),
    ("admin", "系统管理员 赵敏", "admin", "center"),
    ("analyst", "分析员 陈静", "analyst", "center"),
    ("yining-handler", "伊宁市经办人 阿依古丽", "handler", "yining"),
    ("yining-admin", "伊宁市热线办 马军", "unit_admin", "yining"),
    ("zhujian-handler", "州住建局经办人 张伟", "handler", "zhou-zhujian"),
    ("huocheng-handler", "霍城县经办人 努尔兰", "handler", "huocheng"),
    // Huocheng county's own hotline office (Art. 4, last paragraph).
    ("huocheng-agent", "霍城县热线话务员 古丽娜", "agent", "huocheng"),
    ("huocheng-reviewer", "霍城县热线审核员 杜江", "reviewer", "huocheng"),
    ("qingshuihe-handler", "清水河镇经办人 马涛", "handler", "huocheng-qingshuihe"),
    ("dunmaili-handler", "墩买里街道经办人 刘洋", "handler", "yining-dunmaili"),
    // The leaders who approve records releases (Art. 42).
    ("info-head", "政务信息中心主任 周涛", "analyst", "center"),
    ("bureau-head", "州政务服务管理局局长 韩梅", "analyst", "center"),
];

/// The leading posts of the demo leaders (Art. 42).
const DEMO_POSTS: &[(&str, &str)] = &[("info-head", "info_center_head"), ("bureau-head", "bureau_head")];

/// What `seed_demo` did, for the command line to print.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeedReport {
    /// Requests generated; `None` when the store already had data and was left alone.
    pub requests: Option<usize>,
    /// Requests bulk-generated on the days before (`--requests N`), and how long it took.
    pub generated: Option<(usize, std::time::Duration)>,
}

impl std::fmt::Display for SeedReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.requests {
            Some(n) => writeln!(f, "demo data loaded: {} units, {} categories, {} staff, {n} requests", UNITS.len(), CATEGORIES.len(), DEMO_USERS.len())?,
            None => writeln!(f, "the database already has data; demo data not loaded again")?,
        }
        if let Some((n, took)) = self.generated {
            let rate = n as f64 / took.as_secs_f64().max(1e-3);
            writeln!(f, "{n} more requests generated on the days before yesterday in {:.1} s ({rate:.0} a second)", took.as_secs_f64())?;
        }
        write!(f, "demo logins (password for all: {DEMO_PASSWORD}):")?;
        for (username, name, role, unit) in DEMO_USERS {
            write!(f, "\n  {username:<18} {role:<11} {unit:<16} {name}")?;
        }
        Ok(())
    }
}

/// Loads the demo data into an empty store (a store with data is left
/// alone), then `more` requests generated in bulk on the days before
/// (`hotline seed-demo --requests N`: a store of a prefecture's years).
pub async fn seed_demo(database_url: &str, more: usize) -> anyhow::Result<SeedReport> {
    let store = Store::connect(database_url).await?;
    store.migrate().await?;
    let fresh = store.units().await?.is_empty();
    if fresh {
        seed_reference_data(&store).await?;
    }
    // The server's index takes the requests in from the queue; this
    // process keeps a throwaway one and leaves the queue alone.
    let service = Arc::new(Service::with_index(store.clone(), crate::search::SearchIndex::in_memory()?).await?);
    let mut report = SeedReport { requests: None, generated: None };
    if fresh {
        report.requests = Some(requests::seed_requests(&service).await?);
        // The demo requests' messages belong to their (invented) past: they
        // are kept as sent, so no gateway ever texts the demo phone numbers.
        store.mark_all_sent(chrono::Utc::now()).await?;
    }
    if more > 0 {
        let started = std::time::Instant::now();
        // Generated numbers follow the store's count, so they never repeat.
        let stored = store.count_requests_in_states(app::domain::state_code::StateCode::ALL).await? as usize;
        bulk::preload(&service, stored, more).await?;
        report.generated = Some((more, started.elapsed()));
    }
    Ok(report)
}

/// Units, categories and the demo staff.
pub async fn seed_reference_data(store: &Store) -> anyhow::Result<()> {
    for (id, name, parent, vertical, dispatches) in UNITS {
        store.insert_unit(id, name, *parent, *vertical, *dispatches).await?;
    }
    for (code, name, parent, days) in CATEGORIES {
        store.insert_category(code, name, *parent, *days).await?;
    }
    for (code, question, answer, basis, category, unit) in KNOWLEDGE {
        let entry = crate::store::KnowledgeRow {
            code: code.to_string(),
            text: crate::store::KnowledgeText {
                question: question.to_string(),
                answer: answer.to_string(),
                basis: basis.to_string(),
                category: category.map(String::from),
                ..Default::default()
            },
            unit_id: unit.map(String::from),
            updated_at: chrono::Utc::now(),
            status: "published".into(),
            latest_version: 1,
            live_version: Some(1),
            reviewed_at: None,
        };
        store.insert_knowledge(&entry).await?;
    }
    let hash = crate::auth::hash_password(DEMO_PASSWORD)?;
    let now = chrono::Utc::now();
    for (username, name, role, unit) in DEMO_USERS {
        let id = store.insert_user(username, name, &hash, role, unit, now).await?;
        if let Some((_, post)) = DEMO_POSTS.iter().find(|(u, _)| u == username) {
            store.set_user_post(id, Some(post)).await?;
        }
    }
    Ok(())
}
