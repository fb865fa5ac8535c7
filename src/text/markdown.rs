//! Markdown → plain text, so that a saved `.md` article reads like its
//! rendered page: `# Heading` is the heading's words, `*By Jane Doe*` is a
//! byline the boilerplate rules recognise, `[text](url)` is its text.
//!
//! Each block (heading, paragraph, list item, quote, table row, code line)
//! becomes its own paragraph, separated by a blank line, so that the
//! sentence splitter never runs a heading into the paragraph under it.
//! Lines inside one paragraph are joined with a space. Dropped: images,
//! reference-link definitions, horizontal rules, setext underlines, table
//! separator rows and the fences of code blocks (their lines are kept as
//! text).

/// The plain text of a Markdown document.
pub fn markdown_to_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut paragraph = String::new();
    let mut in_code = false;
    let flush = |paragraph: &mut String, out: &mut String| {
        let text = paragraph.trim();
        if !text.is_empty() {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(text);
        }
        paragraph.clear();
    };
    for line in markdown.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            flush(&mut paragraph, &mut out);
            in_code = !in_code;
            continue;
        }
        if in_code {
            // Code is read as text, one line a paragraph.
            flush(&mut paragraph, &mut out);
            paragraph.push_str(trimmed);
            flush(&mut paragraph, &mut out);
            continue;
        }
        if trimmed.is_empty() || is_rule(trimmed) || is_reference_definition(trimmed) {
            flush(&mut paragraph, &mut out);
            continue;
        }
        if is_table_separator(trimmed) {
            continue;
        }
        let (block, starts_block) = block_content(trimmed);
        if starts_block {
            flush(&mut paragraph, &mut out);
        }
        let inline = inline_text(block);
        if !paragraph.is_empty() {
            paragraph.push(' ');
        }
        paragraph.push_str(&inline);
        if starts_block {
            flush(&mut paragraph, &mut out);
        }
    }
    flush(&mut paragraph, &mut out);
    out
}

/// `---`, `***`, `___` (three or more, spaces allowed), and setext heading
/// underlines (`===`): lines that only draw.
fn is_rule(line: &str) -> bool {
    let marks: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3
        && ['-', '*', '_', '=']
            .iter()
            .any(|&m| marks.chars().all(|c| c == m))
}

/// `[ref]: https://…`
fn is_reference_definition(line: &str) -> bool {
    line.starts_with('[') && line.find("]:").is_some_and(|i| !line[1..i].contains(']'))
}

/// `|---|:---:|`
fn is_table_separator(line: &str) -> bool {
    line.contains('-')
        && line
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// The content of a line without its block marker, and whether the line is
/// a block of its own (a heading, list item, quote or table row) rather
/// than a continuation of the paragraph before it.
fn block_content(line: &str) -> (&str, bool) {
    if let Some(rest) = line.strip_prefix('#') {
        let rest = rest.trim_start_matches('#');
        if rest.is_empty() || rest.starts_with(' ') {
            return (rest.trim().trim_end_matches('#').trim_end(), true);
        }
    }
    if let Some(rest) = line.strip_prefix('>') {
        return (block_content(rest.trim_start()).0, true);
    }
    for marker in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return (rest.trim_start(), true);
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = &line[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return (rest.trim_start(), true);
        }
    }
    if line.starts_with('|') && line.ends_with('|') && line.len() > 1 {
        return (line, true);
    }
    (line, false)
}

/// Inline Markdown → text: links and emphasis keep their words, images and
/// autolinks go, code spans keep their content, table cells are joined
/// with "; ".
fn inline_text(line: &str) -> String {
    let line = if line.starts_with('|') && line.ends_with('|') && line.len() > 1 {
        line[1..line.len() - 1]
            .split('|')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join("; ")
    } else {
        line.to_string()
    };
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() && chars[i + 1].is_ascii_punctuation() => {
                out.push(chars[i + 1]);
                i += 2;
            }
            '!' if chars.get(i + 1) == Some(&'[') => match link_end(&chars, i + 1) {
                Some((_, end)) => i = end, // an image: its alt text is not article text
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '[' => match link_end(&chars, i) {
                Some((label_end, end)) => {
                    out.push_str(&inline_text(
                        &chars[i + 1..label_end].iter().collect::<String>(),
                    ));
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '<' => match autolink_end(&chars, i) {
                Some(end) => i = end,
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '`' => {
                let run = chars[i..].iter().take_while(|&&c| c == '`').count();
                i += run;
            }
            '*' | '_' | '~' if is_emphasis_mark(&chars, i) => {
                i += chars[i..].iter().take_while(|&&m| m == c).count();
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// For `[label](url)`, `[label][ref]` or `[label]` followed by one of
/// those, starting at `[`: the index of the closing `]` and the index just
/// past the link.
fn link_end(chars: &[char], open: usize) -> Option<(usize, usize)> {
    let mut depth = 0;
    let mut close = None;
    for (k, &c) in chars.iter().enumerate().skip(open) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(k);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    let closer = match chars.get(close + 1) {
        Some('(') => ')',
        Some('[') => ']',
        _ => return None,
    };
    let end = chars[close + 2..].iter().position(|&c| c == closer)?;
    Some((close, close + 2 + end + 1))
}

/// `<https://…>` or `<name@example.com>`: the index just past `>`.
fn autolink_end(chars: &[char], open: usize) -> Option<usize> {
    let end = chars[open + 1..].iter().position(|&c| c == '>')? + open + 1;
    let inner: String = chars[open + 1..end].iter().collect();
    let link = inner.starts_with("http://")
        || inner.starts_with("https://")
        || (inner.contains('@') && !inner.contains(' '));
    link.then_some(end + 1)
}

/// Whether the run of `*`, `_` or `~` at `i` marks emphasis (it touches a
/// word on one side and not on the other), not a word-internal underscore
/// (`snake_case`) or a lone star between spaces.
fn is_emphasis_mark(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    let run = chars[i..].iter().take_while(|&&m| m == c).count();
    if c == '~' && run < 2 {
        return false;
    }
    let before = i.checked_sub(1).map(|k| chars[k]);
    let after = chars.get(i + run).copied();
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    if c == '_' && word(before) && word(after) {
        return false;
    }
    !(space(before) && space(after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_paragraphs_without_their_marks() {
        let md = "# Talks resume in Doha\n\n*By Jane Doe*\n\nThe envoy said on\nMonday that talks would resume.\n\n## What next\n\n- Prisoner swaps\n- Aid convoys\n1. First step\n> A quoted line\n\n---\n";
        assert_eq!(
            markdown_to_text(md),
            "Talks resume in Doha\n\nBy Jane Doe\n\nThe envoy said on Monday that talks would resume.\n\nWhat next\n\nPrisoner swaps\n\nAid convoys\n\nFirst step\n\nA quoted line"
        );
    }

    #[test]
    fn inline_marks_keep_their_words() {
        let md = "**Kyiv** _ruled out_ a [ceasefire](https://ex.com/a) ![photo](p.jpg) said `the` ~~old~~ <https://ex.com> snake_case 3 * 4";
        assert_eq!(
            markdown_to_text(md),
            "Kyiv ruled out a ceasefire said the old snake_case 3 * 4"
        );
    }

    #[test]
    fn references_tables_and_code() {
        let md = "See [the deal][1] here.\n\n[1]: https://example.com/deal\n\n| Side | Dead |\n|---|---:|\n| North | 12 |\n\n```\nlet x = 1;\n```\n\nSetext\n======\n";
        assert_eq!(
            markdown_to_text(md),
            "See the deal here.\n\nSide; Dead\n\nNorth; 12\n\nlet x = 1;\n\nSetext"
        );
    }

    #[test]
    fn escapes_and_plain_text_pass_through() {
        assert_eq!(
            markdown_to_text("A \\*star\\* and #hashtag."),
            "A *star* and #hashtag."
        );
        assert_eq!(markdown_to_text(""), "");
        assert_eq!(markdown_to_text("[unclosed link"), "[unclosed link");
    }
}
