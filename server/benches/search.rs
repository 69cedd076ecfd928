//! The search benchmark: query latency on a large index, and how often the
//! dispatch suggestion names the right unit.
//!
//! `cargo bench -p server --bench search -- --requests 1000000 --entries 50000`
//!
//! 1. Latency: generated requests and knowledge entries (Chinese text from
//!    templates, with places, synonyms, traditional characters and typos)
//!    are indexed into a temporary directory; then realistic queries run one
//!    at a time — knowledge-base look-ups with snippets, staff request
//!    searches with snippets (the center, and a county's scope) and the
//!    intake's neighbour search — and p50/p95/p99 are reported.
//! 2. Accuracy: a further generated set of requests with their true
//!    category and unit, 20 % held out; the rest (5 % of them handled by a
//!    wrong unit, as real history has) is indexed as past requests; each
//!    held-out call's suggestion is the vote of its neighbours. Top-1 and
//!    top-3 accuracy are reported for unit and category.

use chrono::{Duration, TimeZone, Utc};
use clap::Parser;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use server::search::{vote, DocKind, Filter, IndexDoc, SearchIndex, Synonyms, NEIGHBOURS};
use std::time::Instant;

#[derive(Parser, Debug)]
struct Args {
    #[arg(long, default_value_t = 1_000_000)]
    requests: usize,
    #[arg(long, default_value_t = 50_000)]
    entries: usize,
    #[arg(long, default_value_t = 2_000)]
    queries: usize,
    /// Requests generated for the accuracy measurement.
    #[arg(long, default_value_t = 20_000)]
    accuracy_requests: usize,
    #[arg(long)]
    bench: bool,
}

/// A topic of calls: its category, who handles it (by county), and how people say it.
struct Topic {
    category: &'static str,
    /// The unit for a county; `None`: the prefecture department below.
    county_unit: fn(&str) -> Option<&'static str>,
    department: &'static str,
    titles: &'static [&'static str],
    bodies: &'static [&'static str],
}

const COUNTIES: &[(&str, &str, &[&str])] = &[
    ("伊宁市", "yining", &["墩买里街道", "艾兰木巴格街道", "解放路街道"]),
    ("霍城县", "huocheng", &["清水河镇", "水定镇", "惠远镇"]),
    ("新源县", "xinyuan", &["那拉提镇", "新源镇"]),
    ("奎屯市", "kuitun", &["团结路街道", "乌鲁木齐东路街道"]),
    ("昭苏县", "zhaosu", &["昭苏镇", "喀夏加尔镇"]),
];

fn township_unit(county: &str) -> Option<&'static str> {
    match county {
        "yining" => Some("yining-dunmaili"),
        "huocheng" => Some("huocheng-qingshuihe"),
        "xinyuan" => Some("xinyuan-town"),
        "kuitun" => Some("kuitun-tuanjielu"),
        _ => Some("zhaosu-town"),
    }
}

fn county_zhujian(county: &str) -> Option<&'static str> {
    match county {
        "yining" => Some("yining-zhujian"),
        _ => None,
    }
}

fn none(_: &str) -> Option<&'static str> {
    None
}

const TOPICS: &[Topic] = &[
    Topic { category: "urban.heating", county_unit: county_zhujian, department: "zhou-zhujian",
        titles: &["暖气不热", "供暖温度不达标", "家里暖气片冰凉", "供暖不热室温低"],
        bodies: &["{place}{estate}从上周开始暖气不热，室温只有{n}度，老人孩子受不了。", "我家在{place}{estate}，暖气片一直不热，找了供热公司也没人来修。", "{estate}供暖温度太低，室内只有{n}度，请尽快处理。"] },
    Topic { category: "urban.water", county_unit: county_zhujian, department: "zhou-zhujian",
        titles: &["小区停水", "突然停水没有通知", "自来水水压太低", "水管爆裂漏水"],
        bodies: &["{place}{estate}已经停水{n}天了，没有任何通知。", "{estate}自来水水压很低，楼上几乎没有水。", "{place}路边水管爆裂，水流到马路上。"] },
    Topic { category: "urban.property", county_unit: township_unit, department: "zhou-zhujian",
        titles: &["物业不作为", "物业乱收费", "电梯坏了物业不修", "小区垃圾没人清运"],
        bodies: &["{place}{estate}的物业公司收了物业费却不维修电梯，已经坏了{n}天。", "{estate}物业私自提高停车费，业主意见很大。", "{estate}垃圾堆了{n}天没人清运，气味很大。"] },
    Topic { category: "environment.noise", county_unit: township_unit, department: "zhou-shengtai",
        titles: &["噪音扰民", "夜间施工噪声大", "烧烤店噪音扰民", "广场舞音响太吵"],
        bodies: &["{place}工地晚上{n}点以后还在施工，噪音太大无法休息。", "{estate}楼下烧烤店营业到凌晨，噪声扰民。", "{place}广场舞音响声音太大，影响居民休息。"] },
    Topic { category: "labour.wages", county_unit: none, department: "zhou-renshe",
        titles: &["拖欠工资", "农民工工资被拖欠", "老板不发工资"],
        bodies: &["我在{place}一个工地打工，老板拖欠工资{n}个月不发。", "{place}某公司拖欠我们{n}名工人的工资。", "干了{n}个月活，包工头一直拖着不给钱。"] },
    Topic { category: "labour.social_card", county_unit: none, department: "zhou-renshe",
        titles: &["社保卡补办", "社保卡丢失", "社保卡激活问题"],
        bodies: &["社保卡丢了，想问在{place}哪里可以补办。", "新办的社保卡无法激活，银行说要去社保局。", "社保卡补办{n}天了还没拿到卡。"] },
    Topic { category: "market.food", county_unit: none, department: "zhou-shijian",
        titles: &["买到过期食品", "餐馆卫生差", "超市卖变质食品"],
        bodies: &["在{place}一家超市买到过期{n}天的牛奶。", "{place}一家餐馆后厨卫生很差，吃完拉肚子。", "超市卖的肉已经变质了，商家不给退。"] },
    Topic { category: "market.consumer", county_unit: none, department: "zhou-shijian",
        titles: &["商家拒绝退款", "预付卡商家跑路", "买到假货"],
        bodies: &["在{place}办了健身卡，店铺突然关门，{n}元不退。", "网上买的衣服质量有问题，商家拒绝退货。", "{place}一家店卖假冒名牌鞋。"] },
    Topic { category: "transport.taxi", county_unit: none, department: "zhou-jiaotong",
        titles: &["出租车拒载", "网约车绕路", "出租车不打表"],
        bodies: &["在{place}打车，司机拒载还态度恶劣。", "网约车司机绕路多收了{n}元。", "出租车司机不打表，一口价要{n}元。"] },
    Topic { category: "power", county_unit: none, department: "zhou-gongdian",
        titles: &["频繁停电", "停电没有通知", "电压不稳"],
        bodies: &["{place}{estate}这个月停电{n}次了。", "{place}突然停电，没有提前通知。", "家里电压不稳，电器都烧坏了。"] },
    Topic { category: "education", county_unit: none, department: "zhou-jiaoyu",
        titles: &["入学报名问题", "学校乱收费", "校车安全"],
        bodies: &["孩子在{place}上学，学校要求交{n}元资料费。", "外地户口孩子入学报名需要什么材料？", "{place}校车超载，孩子安全没保障。"] },
    Topic { category: "urban", county_unit: township_unit, department: "zhou-zhujian",
        titles: &["路灯不亮", "井盖丢失", "道路破损"],
        bodies: &["{place}的路灯坏了{n}天，晚上出行不安全。", "{place}路口井盖丢了，很危险。", "{place}道路坑洼不平，下雨全是积水。"] },
];

const ESTATES: &[&str] = &["幸福小区", "阳光花园", "金桥家园", "锦绣苑", "滨河小区", "丝路佳苑"];
const FILLERS: &[&str] = &["麻烦你们了。", "希望尽快解决。", "已经反映过好几次了。", "", "", "请相关部门处理。"];
/// Simplified → traditional for a few common characters (some callers write traditional).
const TRADITIONAL: &[(char, char)] = &[('热', '熱'), ('气', '氣'), ('费', '費'), ('门', '門'), ('电', '電'), ('问', '問'), ('资', '資'), ('发', '發')];
/// Words callers use for the same thing (the index knows them as synonyms).
const SAY_ALSO: &[(&str, &str)] = &[("暖气", "供暖"), ("噪音", "噪声"), ("停水", "没水"), ("停电", "断电")];

struct Generated {
    doc: IndexDoc,
    unit: String,
}

fn generate(rng: &mut StdRng, i: usize) -> Generated {
    let topic = &TOPICS[rng.gen_range(0..TOPICS.len())];
    let (county, county_id, townships) = COUNTIES[rng.gen_range(0..COUNTIES.len())];
    let township = townships[rng.gen_range(0..townships.len())];
    let unit = (topic.county_unit)(county_id).unwrap_or(topic.department).to_string();
    let place = format!("{county}{township}");
    let title = topic.titles[rng.gen_range(0..topic.titles.len())].to_string();
    let mut body = topic.bodies[rng.gen_range(0..topic.bodies.len())]
        .replace("{place}", &place)
        .replace("{estate}", ESTATES[rng.gen_range(0..ESTATES.len())])
        .replace("{n}", &rng.gen_range(2..30).to_string());
    body.push_str(FILLERS[rng.gen_range(0..FILLERS.len())]);
    let body = noisy(rng, &body);
    let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::minutes(i as i64 % 500_000);
    Generated {
        doc: IndexDoc {
            kind: DocKind::Request,
            key: format!("YL{:013}", i),
            title: noisy(rng, &title),
            body,
            category: Some(topic.category.into()),
            request_type: Some("complaint".into()),
            state: "finished".into(),
            open: false,
            units: vec![format!("/center/{county_id}/")],
            final_unit: Some(unit.clone()),
            county: Some(county.into()),
            township: Some(township.into()),
            at,
        },
        unit,
    }
}

/// Real calls: another word for the same thing, a traditional character, a slip of the finger.
fn noisy(rng: &mut StdRng, s: &str) -> String {
    let mut s = s.to_string();
    for (a, b) in SAY_ALSO {
        if s.contains(a) && rng.gen_bool(0.3) {
            s = s.replacen(a, b, 1);
        }
    }
    if rng.gen_bool(0.1) {
        s = s.chars().map(|c| TRADITIONAL.iter().find(|(from, _)| *from == c).map(|(_, t)| *t).unwrap_or(c)).collect();
    }
    if rng.gen_bool(0.1) {
        let mut chars: Vec<char> = s.chars().collect();
        if !chars.is_empty() {
            let at = rng.gen_range(0..chars.len());
            chars[at] = ['的', '地', '了', '是', '在'][rng.gen_range(0..5)];
        }
        s = chars.into_iter().collect();
    }
    s
}

fn entry(rng: &mut StdRng, i: usize) -> IndexDoc {
    let topic = &TOPICS[rng.gen_range(0..TOPICS.len())];
    let title = topic.titles[rng.gen_range(0..topic.titles.len())];
    let body = topic.bodies[rng.gen_range(0..topic.bodies.len())].replace("{place}", "").replace("{estate}", "").replace("{n}", "几");
    IndexDoc {
        kind: DocKind::Entry,
        key: format!("KB-{i:06}"),
        title: format!("{title}怎么办？（{i}）"),
        body: format!("{body}可向{}反映，依据相关规定处理。", topic.department),
        category: Some(topic.category.into()),
        request_type: None,
        state: "published".into(),
        open: true,
        units: vec![format!("/center/{}/", topic.department)],
        final_unit: None,
        county: None,
        township: None,
        at: Utc::now(),
    }
}

const QUERIES: &[&str] = &["供暖不热", "暖气不热怎么办", "噪音扰民", "社保卡补办", "小区停水两天", "物业不修电梯", "拖欠工资", "出租车拒载",
    "买到过期食品", "路灯坏了", "停電", "烧烤店噪声", "网约车绕路多收费", "学校乱收费", "井盖丢了很危险"];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn measure(name: &str, n: usize, mut run: impl FnMut(usize)) {
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let t = Instant::now();
        run(i);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!("{name}: {n} queries, p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms", percentile(&times, 0.5), percentile(&times, 0.95), percentile(&times, 0.99));
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let synonyms = Synonyms::new(["暖气 供暖 采暖 供热", "噪音 噪声", "停水 断水 没水", "停电 断电 没电"]);
    let mut rng = StdRng::seed_from_u64(12345);

    // 1. Latency on a large index.
    let dir = tempfile::tempdir()?;
    let index = SearchIndex::open(dir.path())?;
    let started = Instant::now();
    let mut batch = Vec::with_capacity(10_000);
    for i in 0..args.requests {
        batch.push(generate(&mut rng, i).doc);
        if batch.len() == 10_000 {
            index.put(&batch, &[])?;
            batch.clear();
        }
    }
    batch.extend((0..args.entries).map(|i| entry(&mut rng, i)));
    index.put(&batch, &[])?;
    index.commit("bench", true, 0)?;
    let size: u64 = walk_size(dir.path());
    println!(
        "indexed {} requests and {} entries in {:.1} s ({:.0} docs/s), index {:.0} MB",
        args.requests,
        args.entries,
        started.elapsed().as_secs_f64(),
        (args.requests + args.entries) as f64 / started.elapsed().as_secs_f64(),
        size as f64 / 1e6
    );
    let q = |i: usize| QUERIES[i % QUERIES.len()];
    let entries = Filter { kind: Some(DocKind::Entry), ..Filter::default() };
    measure("knowledge look-up (top 10, snippets)", args.queries, |i| {
        index.search(q(i), &synonyms, &entries, 10, 0, true).unwrap();
    });
    let requests = Filter { kind: Some(DocKind::Request), ..Filter::default() };
    measure("request search, center (top 20, snippets)", args.queries, |i| {
        index.search(q(i), &synonyms, &requests, 20, 0, true).unwrap();
    });
    let county = Filter { kind: Some(DocKind::Request), scope: Some("/center/huocheng/".into()), ..Filter::default() };
    measure("request search, one county's scope (top 20, snippets)", args.queries, |i| {
        index.search(q(i), &synonyms, &county, 20, 0, true).unwrap();
    });
    let taught = Filter { kind: Some(DocKind::Request), taught: Some(true), ..Filter::default() };
    measure("intake neighbours (top 20, no snippets)", args.queries, |i| {
        index.search(q(i), &synonyms, &taught, NEIGHBOURS, 0, false).unwrap();
    });
    drop(index);

    // 2. Suggestion accuracy on a held-out split.
    let mut rng = StdRng::seed_from_u64(54321);
    let all: Vec<Generated> = (0..args.accuracy_requests).map(|i| generate(&mut rng, i)).collect();
    let (test, train) = all.split_at(args.accuracy_requests / 5);
    let index = SearchIndex::in_memory()?;
    let units: Vec<&str> = TOPICS.iter().flat_map(|t| [t.department]).chain(["yining-zhujian", "yining-dunmaili", "huocheng-qingshuihe"]).collect();
    let train_docs: Vec<IndexDoc> = train
        .iter()
        .map(|g| {
            let mut d = g.doc.clone();
            if rng.gen_bool(0.05) {
                d.final_unit = Some(units[rng.gen_range(0..units.len())].to_string());
            }
            d
        })
        .collect();
    index.put(&train_docs, &[])?;
    index.commit("bench", true, 0)?;
    let (mut unit1, mut unit3, mut cat1, mut cat3) = (0, 0, 0, 0);
    for g in test {
        let text = format!("{} {}", g.doc.title, g.doc.body);
        let hits = index.search(&text, &synonyms, &taught, NEIGHBOURS, 0, false)?.hits;
        let by_unit = vote(&hits, |h| h.final_unit.as_deref());
        let by_category = vote(&hits, |h| h.category.as_deref());
        let rank = |ranked: &[(String, f32)], want: &str| ranked.iter().position(|(k, _)| k == want);
        match rank(&by_unit, &g.unit) {
            Some(0) => {
                unit1 += 1;
                unit3 += 1
            }
            Some(1 | 2) => unit3 += 1,
            _ => {}
        }
        match rank(&by_category, g.doc.category.as_deref().unwrap_or_default()) {
            Some(0) => {
                cat1 += 1;
                cat3 += 1
            }
            Some(1 | 2) => cat3 += 1,
            _ => {}
        }
    }
    let pct = |n: usize| 100.0 * n as f64 / test.len() as f64;
    println!(
        "suggestions on {} held-out calls ({} past requests, 5 % mis-handled): unit top-1 {:.1} %, top-3 {:.1} %; category top-1 {:.1} %, top-3 {:.1} %",
        test.len(),
        train.len(),
        pct(unit1),
        pct(unit3),
        pct(cat1),
        pct(cat3)
    );
    Ok(())
}

fn walk_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir).map(|d| d.flatten().filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum()).unwrap_or(0)
}
