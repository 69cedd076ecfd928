//! The two ways text enters the index, as tantivy tokenizers: `words`
//! (jieba's words, for relevance) and `grams` (character pairs, for typos).

use super::text::{self, Piece};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

pub const WORDS: &str = "hotline_words";
pub const GRAMS: &str = "hotline_grams";

#[derive(Clone, Copy)]
pub struct WordsTokenizer;

#[derive(Clone, Copy)]
pub struct GramsTokenizer;

impl Tokenizer for WordsTokenizer {
    type TokenStream<'a> = Pieces;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Pieces {
        Pieces::new(text::words(text))
    }
}

impl Tokenizer for GramsTokenizer {
    type TokenStream<'a> = Pieces;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Pieces {
        Pieces::new(text::grams(text))
    }
}

/// Pieces already cut, handed out one token at a time.
pub struct Pieces {
    pieces: std::vec::IntoIter<Piece>,
    position: usize,
    token: Token,
}

impl Pieces {
    fn new(pieces: Vec<Piece>) -> Pieces {
        Pieces { pieces: pieces.into_iter(), position: 0, token: Token::default() }
    }
}

impl TokenStream for Pieces {
    fn advance(&mut self) -> bool {
        let Some(p) = self.pieces.next() else { return false };
        self.token = Token { offset_from: p.from, offset_to: p.to, position: self.position, text: p.text, position_length: 1 };
        self.position += 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}
