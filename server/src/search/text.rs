//! Chinese text as the search index sees it. Chinese has no spaces, so words
//! come from jieba's dictionary segmentation; traditional characters are
//! folded to simplified first (a query in 供暖不熱 finds 供暖不热), full-width
//! letters and digits to ASCII, Latin to lower case. Every fold maps one
//! character to one character, so a token's place in the folded text is its
//! place in the original, and highlights land on the original words.

use jieba_rs::{Jieba, KeywordExtract, TfIdf};
use std::sync::LazyLock;

/// Words of the hotline's trade that jieba's general dictionary splits apart.
const TRADE_WORDS: &[&str] = &[
    "社保卡", "医保卡", "公积金", "供暖", "暖气", "噪音扰民", "扰民", "停水", "停电", "补办", "占道经营", "违章建筑",
    "营业执照", "不动产", "物业费", "拖欠工资", "农民工", "垃圾清运", "井盖", "路灯", "网约车", "燃气",
];

/// Words too common to tell requests apart.
const STOP_WORDS: &[&str] = &[
    "的", "了", "在", "是", "我", "有", "和", "就", "都", "而", "及", "与", "着", "或", "吗", "呢", "吧", "啊", "请问", "怎么", "如何",
    "什么", "哪里", "一个", "我们", "你们", "他们", "这个", "那个", "一下", "可以", "需要",
];

static JIEBA: LazyLock<Jieba> = LazyLock::new(|| {
    let mut jieba = Jieba::new();
    for w in TRADE_WORDS {
        jieba.add_word(w, Some(20_000), None);
    }
    jieba
});

/// jieba's TF-IDF keyword extractor with its general-Chinese IDF table:
/// 停水 weighs more than 没有 or 这里.
static TFIDF: LazyLock<TfIdf> = LazyLock::new(TfIdf::default);

/// Loads the dictionary now rather than on the first query.
pub fn warm_up() {
    LazyLock::force(&JIEBA);
}

/// The `top` words that say most about a text (TF-IDF over jieba's IDF
/// table), folded, most telling first, stop words left out.
pub fn keywords(original: &str, top: usize) -> Vec<String> {
    let folded = Folded::new(original);
    TFIDF
        .extract_keywords(&JIEBA, &folded.text, top + STOP_WORDS.len(), Vec::new())
        .into_iter()
        .map(|k| k.keyword)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .take(top)
        .collect()
}

/// A piece of text found in the original: its folded form and the byte range it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub from: usize,
    pub to: usize,
}

/// The text folded for matching, one character per original character.
pub struct Folded {
    pub text: String,
    /// The original byte offset of each folded character, and the original length last.
    starts: Vec<usize>,
}

impl Folded {
    pub fn new(original: &str) -> Folded {
        let mut simplified = fast2s::convert(original);
        if simplified.chars().count() != original.chars().count() {
            // The fold is one character for one; should it ever not be, offsets would lie.
            simplified = original.to_string();
        }
        let mut text = String::with_capacity(simplified.len());
        for c in simplified.chars() {
            text.push(fold_char(c));
        }
        let mut starts: Vec<usize> = original.char_indices().map(|(i, _)| i).collect();
        starts.push(original.len());
        Folded { text, starts }
    }

    fn piece(&self, word: &str, start: usize, end: usize) -> Piece {
        Piece { text: word.to_string(), from: self.starts[start], to: self.starts[end.min(self.starts.len() - 1)] }
    }
}

fn fold_char(c: char) -> char {
    match c {
        // Full-width ASCII forms and the ideographic space.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c).to_ascii_lowercase(),
        '\u{3000}' => ' ',
        _ => c.to_ascii_lowercase(),
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

fn is_word_char(c: char) -> bool {
    is_han(c) || c.is_alphanumeric()
}

/// The words of a text for matching: jieba's search-mode segmentation
/// (long words and the shorter words inside them), without punctuation and
/// stop words.
pub fn words(original: &str) -> Vec<Piece> {
    let folded = Folded::new(original);
    JIEBA
        .cut_for_search(&folded.text, true)
        .into_iter()
        .filter(|t| t.word.chars().any(is_word_char) && !STOP_WORDS.contains(&t.word.trim()))
        .map(|t| folded.piece(t.word.trim(), t.start, t.end))
        .collect()
}

/// Overlapping character pairs of every run of Han characters, and whole
/// runs of letters and digits: what still matches when a word is mistyped
/// or segmented differently (社保卡补半 shares 社保, 保卡, 卡补 with 社保卡补办).
pub fn grams(original: &str) -> Vec<Piece> {
    let folded = Folded::new(original);
    let chars: Vec<char> = folded.text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_han(c) {
            let run_end = (i..chars.len()).find(|&j| !is_han(chars[j])).unwrap_or(chars.len());
            if run_end - i == 1 {
                out.push(folded.piece(&c.to_string(), i, i + 1));
            }
            for j in i..run_end.saturating_sub(1) {
                let pair: String = chars[j..j + 2].iter().collect();
                out.push(folded.piece(&pair, j, j + 2));
            }
            i = run_end;
        } else if c.is_alphanumeric() {
            let run_end = (i..chars.len()).find(|&j| !chars[j].is_alphanumeric() || is_han(chars[j])).unwrap_or(chars.len());
            let word: String = chars[i..run_end].iter().collect();
            out.push(folded.piece(&word, i, run_end));
            i = run_end;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(pieces: &[Piece]) -> Vec<&str> {
        pieces.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn words_segment_chinese_without_spaces() {
        let w = words("小区供暖不热，室温只有十五度");
        let t = texts(&w);
        assert!(t.contains(&"供暖"), "{t:?}");
        assert!(t.contains(&"室温"), "{t:?}");
        assert!(!t.contains(&"，"), "punctuation is no word: {t:?}");
    }

    #[test]
    fn trade_words_stay_whole_and_search_mode_adds_their_parts() {
        let t: Vec<String> = words("社保卡补办").into_iter().map(|p| p.text).collect();
        assert!(t.contains(&"社保卡".to_string()), "{t:?}");
        assert!(t.contains(&"补办".to_string()), "{t:?}");
    }

    #[test]
    fn traditional_folds_to_simplified_and_offsets_point_into_the_original() {
        let original = "供暖不熱";
        let w = words(original);
        let hot = w.iter().find(|p| p.text.contains('热')).expect("熱 folded to 热");
        assert!(original[hot.from..hot.to].contains('熱'), "{hot:?}");
        for p in &w {
            assert_eq!(Folded::new(&original[p.from..p.to]).text, p.text, "{p:?}");
        }
    }

    #[test]
    fn full_width_and_latin_fold() {
        let t: Vec<String> = words("ＡＢＣ公司 WiFi").into_iter().map(|p| p.text).collect();
        assert!(t.contains(&"abc".to_string()), "{t:?}");
        assert!(t.contains(&"wifi".to_string()), "{t:?}");
    }

    #[test]
    fn stop_words_are_dropped() {
        let t: Vec<String> = words("请问怎么办理社保卡").into_iter().map(|p| p.text).collect();
        assert!(!t.contains(&"请问".to_string()) && !t.contains(&"怎么".to_string()), "{t:?}");
        assert!(t.contains(&"办理".to_string()), "{t:?}");
    }

    #[test]
    fn grams_pair_han_runs_and_keep_latin_runs() {
        let g = grams("停水，A栋3号");
        assert_eq!(texts(&g), vec!["停水", "a", "栋", "3", "号"]);
        let g = grams("社保卡补半");
        assert_eq!(texts(&g), vec!["社保", "保卡", "卡补", "补半"]);
        let original = "漏水了";
        for p in grams(original) {
            assert_eq!(Folded::new(&original[p.from..p.to]).text, p.text);
        }
    }

    #[test]
    fn empty_and_symbol_only_text_gives_nothing() {
        assert!(words("").is_empty());
        assert!(grams("，。！？ ...").is_empty());
        assert!(words("，。！？").is_empty());
    }
}
