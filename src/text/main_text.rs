//! The main text of a saved web page: the headline and the article body,
//! without navigation, related-story lists, captions, share bars, cookie and
//! paywall prompts, comments and footers.
//!
//! The article is found with `dom_smoothie` (a Rust port of Mozilla's
//! Readability, the algorithm behind Firefox's reader view); its HTML is
//! then turned into text by our own [`html_to_text`], and the page title
//! Readability settles on is put first as the headline. A page where no
//! article is found (a short brief under heavy clutter, a page that is
//! all lists) falls back to the page's text without its header, footer,
//! menus and the other parts no article text is in; the sentence rules
//! still mark what boilerplate is left.

use std::panic::{catch_unwind, AssertUnwindSafe};

use dom_query::Document;
use dom_smoothie::{Config, Readability};

use crate::text::html::html_to_text;
use crate::text::page_fragments::drop_fragments;
use crate::text::page_furniture::drop_furniture;

/// The headline and body of `html`, or the whole page's text when no
/// article can be found in it.
pub fn page_text(html: &str) -> String {
    let text = article_text(html).unwrap_or_else(|| cleaned_page_text(html));
    // A page of nothing but short lines keeps them: some text to label (or
    // to refuse with the right message) beats none.
    let prose = drop_fragments(&text);
    match prose.trim().is_empty() {
        true => text,
        false => prose,
    }
}

/// The text of the whole page without the parts no article text is in.
fn cleaned_page_text(html: &str) -> String {
    let cleaned = catch_unwind(AssertUnwindSafe(|| html_to_text(&strip(html).html())));
    match cleaned {
        Ok(text) if !text.trim().is_empty() => text,
        _ => html_to_text(html),
    }
}

/// The frame around a page's content: the site's header (not an article's
/// own `<header>`, which may hold its headline), footer, menus, sidebars.
const PAGE_FRAME: &str = "body > header, footer, [role=banner], [role=navigation], \
     [role=contentinfo], [class*=masthead]";

/// `html` parsed, without the elements no article text is in.
fn strip(html: &str) -> Document {
    let page = Document::from(html);
    page.select(NEVER_ARTICLE_TEXT).remove();
    page.select(PAGE_FRAME).remove();
    drop_furniture(&page);
    drop_link_lists(&page);
    page
}

/// Remove list items and paragraphs that are mostly link text: related
/// and most-read headlines, "Read more" teasers, breadcrumbs, tag lists.
/// A body paragraph with a link in it keeps most of its words outside it.
fn drop_link_lists(page: &Document) {
    let mostly_links: Vec<_> = page
        .select("li, p, dd")
        .nodes()
        .iter()
        .filter(|node| {
            let all = node.text().chars().filter(|c| !c.is_whitespace()).count();
            let linked: usize = node
                .find(&["a"])
                .iter()
                .map(|a| a.text().chars().filter(|c| !c.is_whitespace()).count())
                .sum();
            all > 0 && linked * 10 >= all * 6
        })
        .cloned()
        .collect();
    mostly_links
        .iter()
        .for_each(|node| node.remove_from_parent());
}

/// The headline and body of the article in `html`, when Readability finds
/// one. A panic inside the extractor on hostile markup is caught and taken
/// as "no article".
pub fn article_text(html: &str) -> Option<String> {
    catch_unwind(AssertUnwindSafe(|| extract(html))).ok()?
}

fn extract(html: &str) -> Option<String> {
    let page = strip(html);
    let cleaned = page.html();
    let config = Config {
        max_elements_to_parse: MAX_ELEMENTS,
        char_threshold: MIN_ARTICLE_CHARS,
        ..Config::default()
    };
    let article = Readability::new(cleaned.as_ref(), None, Some(config))
        .ok()?
        .parse()
        .ok()?;
    let body = html_to_text(&article.content);
    if body.trim().is_empty() {
        return None;
    }
    let mut text = String::new();
    // The headline: the page's first <h1> as a reader sees it, else the
    // title Readability settles on; put first unless the body opens with it.
    let h1 = page.select("h1").first().text();
    let headline = match h1.trim() {
        "" => article.title.trim(),
        h1 => h1,
    };
    if !headline.is_empty() && !body.trim_start().starts_with(headline) {
        text.push_str(headline);
        text.push_str("\n\n");
    }
    // The standfirst under the headline: Readability reports it as the
    // excerpt but leaves it out of the body. Kept when the page shows it
    // (a meta description no reader sees is not article text).
    // A meta description often adds a full stop the page's dek lacks.
    if let Some(excerpt) = article.excerpt.as_deref().map(str::trim) {
        let page_text = page.select("body").text();
        let standfirst = match page_text.contains(excerpt) {
            true => excerpt,
            false => excerpt.trim_end_matches('.'),
        };
        let shown = page_text.contains(standfirst);
        if !standfirst.is_empty() && shown && !body.contains(standfirst) {
            text.push_str(standfirst);
            text.push_str("\n\n");
        }
    }
    text.push_str(&body);
    Some(text)
}

/// Elements that never hold the article's own text, removed before the
/// article is looked for: figures and their captions, asides (pull quotes,
/// sidebars), embedded posts and players, forms, tables of figures, ad
/// slots, and blocks whose class names say what they are (bylines,
/// captions, credits, share bars, newsletter boxes, related lists).
const NEVER_ARTICLE_TEXT: &str = "figure, figcaption, aside, nav, form, button, table, iframe, \
     noscript, template, amp-ad, amp-social-share, amp-sidebar, amp-consent, amp-twitter, \
     blockquote.twitter-tweet, blockquote.instagram-media, [hidden], [aria-hidden=true], \
     [class*=caption], [class*=credit], [class*=byline], [class*=share], \
     [class*=newsletter], [class*=related], [class*=promo], [class*=advert], \
     [class*=cookie], [class*=comments], [class*=author-bio], [class*=most-read], \
     [class*=recommend], [class*=signup], [class*=paywall-prompt], [class*=breadcrumb], \
     [class*=dateline], [class*=timestamp], [class*=tags], [class*=ad-slot], [class*=ad-label]";

/// An article shorter than this is not looked for (Readability's default
/// is 500 characters, which passes over short news briefs).
const MIN_ARTICLE_CHARS: usize = 250;

/// Pages with more elements than this are read whole instead (Readability
/// scores every element; a page this large is not one article).
const MAX_ELEMENTS: usize = 100_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_article_and_drops_the_page_around_it() {
        let body: String = (0..8)
            .map(|i| format!("<p>Paragraph {i} of the report says the two armies held talks on the border on Tuesday, and officials on both sides said the meeting had gone well.</p>"))
            .collect();
        let html = format!(
            "<html><head><title>Talks held on the border</title></head><body>\
             <nav><a>Home</a><a>World</a><a>Sign In</a></nav>\
             <article><h1>Talks held on the border</h1>{body}</article>\
             <aside><h2>Most read</h2><ul><li><a href=\"/x\">Rivals agree to de-escalate tensions at sea</a></li></ul></aside>\
             <footer><a>Privacy</a><a>Careers</a></footer></body></html>"
        );
        let text = page_text(&html);
        assert!(text.starts_with("Talks held on the border"), "{text}");
        assert!(text.contains("Paragraph 7 of the report"), "{text}");
        for clutter in ["Sign In", "Most read", "de-escalate tensions", "Careers"] {
            assert!(!text.contains(clutter), "{clutter}: {text}");
        }
    }

    #[test]
    fn a_page_without_an_article_is_read_without_its_frame() {
        let html = "<html><body><header><a>Home</a></header><p>A short note on the talks.</p><footer>About us</footer></body></html>";
        assert_eq!(page_text(html).trim(), "A short note on the talks.");
        assert_eq!(page_text(""), html_to_text(""));
    }
}
