use super::*;

fn labels(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// A report over `names` with a plausible diagonal-heavy confusion matrix.
fn data_for(names: &[&str]) -> ReportData {
    let k = names.len();
    let confusion: Vec<Vec<usize>> = (0..k)
        .map(|g| {
            (0..k)
                .map(|p| if g == p { 80 + 10 * g } else { 3 + (g + p) % 5 })
                .collect()
        })
        .collect();
    data_from(names, confusion)
}

/// A report whose counts and per-class scores follow `confusion`.
fn data_from(names: &[&str], confusion: Vec<Vec<usize>>) -> ReportData {
    let labels = labels(names);
    let k = labels.len();
    let rows: usize = confusion.iter().flatten().sum();
    let diagonal: usize = (0..k).map(|i| confusion[i][i]).sum();
    let per_class = (0..k)
        .map(|j| {
            let support: usize = confusion[j].iter().sum();
            let predicted: usize = confusion.iter().map(|r| r[j]).sum();
            let precision = confusion[j][j] as f64 / predicted as f64;
            let recall = confusion[j][j] as f64 / support as f64;
            ClassRow {
                label: labels[j].clone(),
                precision: Some(precision),
                recall: Some(recall),
                f1: 2.0 * precision * recall / (precision + recall),
                support,
                roc_auc: Some(0.9 - 0.02 * j as f64),
                average_precision: Some(0.85 - 0.03 * j as f64),
            }
        })
        .collect();
    let pr_curves = labels
        .iter()
        .enumerate()
        .map(|(j, l)| {
            let q = 0.25 + 0.1 * j as f64;
            Curve {
                label: l.clone(),
                points: (0..=20)
                    .map(|i| {
                        let r = i as f64 / 20.0;
                        (r, 1.0 - q * r.powi(3))
                    })
                    .collect(),
                area: Some(1.0 - q / 4.0),
            }
        })
        .collect();
    let roc_curves = labels
        .iter()
        .enumerate()
        .map(|(j, l)| {
            let a = 9.0 - j as f64;
            Curve {
                label: l.clone(),
                points: (0..=20)
                    .map(|i| {
                        let x = i as f64 / 20.0;
                        (x, 1.0 - (1.0 - x).powf(a))
                    })
                    .collect(),
                area: Some(a / (a + 1.0)),
            }
        })
        .collect();
    let floor = 1.0 / k as f64;
    let reliability = (0..10)
        .map(|i| {
            let lower = i as f64 / 10.0;
            let upper = lower + 0.1;
            let count = if upper <= floor {
                0
            } else {
                20 + 30 * i * i / 9
            };
            let mid = lower + 0.05;
            Bin {
                lower,
                upper,
                count,
                mean_confidence: (count > 0).then_some(mid),
                accuracy: (count > 0).then_some((mid - 0.06).max(0.0)),
            }
        })
        .collect();
    let confidence_histogram = (0..20)
        .map(|i| {
            let lower = i as f64 / 20.0;
            let upper = lower + 0.05;
            if upper <= floor {
                HistBin {
                    lower,
                    upper,
                    correct: 0,
                    wrong: 0,
                }
            } else {
                HistBin {
                    lower,
                    upper,
                    correct: 4 + 3 * i * i / 10,
                    wrong: 12usize.saturating_sub(i / 2),
                }
            }
        })
        .collect();
    ReportData {
        title: "rhetoric model report: default.model on data/test.csv".to_string(),
        generated_by: "rhetoric 0.1.0".to_string(),
        model_card: vec![
            ("labels".to_string(), names.join(", ")),
            ("training rows".to_string(), "5400".to_string()),
            ("data SHA-256".to_string(), "ab".repeat(32)),
        ],
        labels: labels.clone(),
        rows,
        accuracy: diagonal as f64 / rows as f64,
        accuracy_ci: (0.8512, 0.8943),
        macro_f1: 0.84213,
        macro_f1_ci: (0.8184, 0.8655),
        weighted_f1: 0.8612,
        log_loss: 0.4123,
        brier: 0.2011,
        ece: 0.0457,
        confusion,
        per_class,
        reliability,
        pr_curves,
        roc_curves,
        confidence_histogram,
        misclassified: vec![
            Example {
                text: "Officials said talks would \"resume\" next week & sanctions eased."
                    .to_string(),
                gold: labels[0].clone(),
                predicted: labels[k - 1].clone(),
                confidence: 0.9312,
                line: Some(118),
            },
            Example {
                text: "The minister warned of a 'severe response'.".to_string(),
                gold: labels[k - 1].clone(),
                predicted: labels[0].clone(),
                confidence: 0.8127,
                line: None,
            },
        ],
        comparison: None,
        groups: Vec::new(),
    }
}

fn three_labels() -> ReportData {
    data_for(&["escalation", "de-escalation", "neutral"])
}

/// Every `<svg>…</svg>` block of a page.
fn svg_blocks(html: &str) -> Vec<&str> {
    let mut blocks = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let Some(len) = rest[start..].find("</svg>") else {
            blocks.push(&rest[start..]);
            break;
        };
        let end = start + len + "</svg>".len();
        blocks.push(&rest[start..end]);
        rest = &rest[end..];
    }
    blocks
}

/// Checks that tags nest properly: each opening tag is closed in order.
fn check_balanced(markup: &str) -> Result<(), String> {
    let mut open: Vec<String> = Vec::new();
    let mut rest = markup;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt..];
        let Some(gt) = rest.find('>') else {
            return Err("unterminated tag".to_string());
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            match open.pop() {
                Some(top) if top == name.trim() => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
        } else if !tag.ends_with('/') {
            let name: String = tag
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            if name.is_empty() {
                return Err(format!("odd tag <{tag}>"));
            }
            open.push(name);
        }
    }
    if open.is_empty() {
        Ok(())
    } else {
        Err(format!("left open: {open:?}"))
    }
}

/// Every numeric attribute parses as a finite number.
fn assert_coordinates_finite(svg: &str) {
    let names = [
        "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height", "points",
    ];
    for name in names {
        let needle = format!(" {name}=\"");
        for (at, _) in svg.match_indices(&needle) {
            let value = &svg[at + needle.len()..];
            let value = &value[..value.find('"').unwrap_or(value.len())];
            for number in value.split([' ', ',']) {
                let parsed: f64 = number
                    .parse()
                    .unwrap_or_else(|_| panic!("{name}=\"{value}\" is not numeric"));
                assert!(parsed.is_finite(), "{name}=\"{value}\"");
            }
        }
    }
}

fn assert_svgs_well_formed(html: &str) {
    assert_eq!(html.matches("<svg").count(), html.matches("</svg>").count());
    let g_open = html.matches("<g>").count() + html.matches("<g ").count();
    assert_eq!(g_open, html.matches("</g>").count());
    for block in svg_blocks(html) {
        check_balanced(block).unwrap_or_else(|e| panic!("{e} in {block}"));
        assert_coordinates_finite(block);
    }
}

#[test]
fn escape_replaces_the_five_special_characters() {
    assert_eq!(
        escape(r#"a & b < c > d "e" 'f'"#),
        "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39;"
    );
    assert_eq!(escape("bell\u{7}"), "bell\u{FFFD}");
    assert_eq!(escape("tab\tline\n"), "tab\tline\n");
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let hostile = "<script>alert(1)</script> \"quoted\" 'single' & more";
    let mut data = three_labels();
    data.title = hostile.to_string();
    data.generated_by = hostile.to_string();
    data.labels[0] = hostile.to_string();
    data.per_class[0].label = hostile.to_string();
    data.pr_curves[0].label = hostile.to_string();
    data.roc_curves[0].label = hostile.to_string();
    data.misclassified[0].text = hostile.to_string();
    data.misclassified[0].gold = hostile.to_string();
    data.model_card
        .push((hostile.to_string(), hostile.to_string()));
    let html = render_html(&data);
    assert!(!html.to_lowercase().contains("<script"));
    assert!(!html.contains("\"quoted\""));
    assert!(!html.contains("'single'"));
    assert!(html.contains(
        "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &#39;single&#39; &amp; more"
    ));
    assert_svgs_well_formed(&html);
}

#[test]
fn every_svg_is_well_formed() {
    let html = render_html(&three_labels());
    // Heatmap, per-class bars, calibration, PR, ROC, histogram.
    assert_eq!(svg_blocks(&html).len(), 6);
    assert_svgs_well_formed(&html);
    let body_start = html.find("<body>").unwrap_or(0);
    let body_end = html.find("</body>").unwrap_or(html.len()) + "</body>".len();
    check_balanced(&html[body_start..body_end]).unwrap_or_else(|e| panic!("page body: {e}"));
}

#[test]
fn figures_are_shown_with_three_decimals() {
    let mut data = three_labels();
    data.accuracy = 0.87345;
    let html = render_html(&data);
    assert!(html.contains("accuracy 0.873 (95% CI 0.851–0.894)"));
    assert!(html.contains("macro-F1 0.842 (95% CI 0.818–0.866)"));
    for figure in ["0.861", "0.412", "0.201", "0.046", "0.931"] {
        assert!(html.contains(figure), "{figure} missing");
    }
    assert_eq!(fmt3(-0.00001), "0.000");
    assert_eq!(fmt3(f64::NAN), "n/a");
}

#[test]
fn missing_values_show_as_na() {
    let mut data = three_labels();
    data.per_class[1].precision = None;
    data.per_class[1].roc_auc = None;
    data.per_class[2].average_precision = None;
    let html = render_html(&data);
    let table_start = html.find("<table class=\"per-class\">").unwrap_or(0);
    let table = &html[table_start..];
    let table = &table[..table.find("</table>").unwrap_or(table.len())];
    assert_eq!(table.matches(">n/a<").count(), 3);
    // The bar chart marks the missing bar instead of drawing it.
    assert!(html.contains(">n/a</text>"));
    // The second misclassified example has no line number.
    assert!(html.contains("<td class=\"num\">n/a</td></tr>"));
}

#[test]
fn zero_rows_render_no_data() {
    let data = ReportData {
        title: "empty".to_string(),
        generated_by: "rhetoric 0.1.0".to_string(),
        model_card: Vec::new(),
        labels: labels(&["escalation", "neutral"]),
        rows: 0,
        accuracy: f64::NAN,
        accuracy_ci: (f64::NAN, f64::NAN),
        macro_f1: 0.0,
        macro_f1_ci: (0.0, 0.0),
        weighted_f1: 0.0,
        log_loss: f64::INFINITY,
        brier: 0.0,
        ece: 0.0,
        confusion: vec![vec![0, 0], vec![0, 0]],
        per_class: Vec::new(),
        reliability: Vec::new(),
        pr_curves: Vec::new(),
        roc_curves: Vec::new(),
        confidence_histogram: Vec::new(),
        misclassified: Vec::new(),
        comparison: None,
        groups: Vec::new(),
    };
    let html = render_html(&data);
    assert!(html.contains("0 rows"));
    // Confusion, per-class, calibration, PR, ROC, histogram, examples.
    assert_eq!(html.matches(">no data<").count(), 7);
    assert!(!html.contains("<svg"));
    // Stale figures for zero rows are still hidden.
    let mut stale = three_labels();
    stale.rows = 0;
    let html = render_html(&stale);
    assert!(!html.contains("<svg"));
    assert_eq!(html.matches(">no data<").count(), 7);
}

#[test]
fn two_labels_render() {
    let html = render_html(&data_for(&["escalation", "de-escalation"]));
    assert_eq!(svg_blocks(&html).len(), 6);
    assert_svgs_well_formed(&html);
    // One per-class table row per label.
    assert_eq!(html.matches("<tr><td class=\"label\">").count(), 2);
    assert!(html.contains(">n=94<")); // row total of the second gold label: 4 + 90
}

#[test]
fn six_labels_render_with_a_line_and_legend_entry_each() {
    let names = [
        "threat",
        "ultimatum",
        "mobilisation",
        "truce",
        "talks",
        "neutral",
    ];
    let html = render_html(&data_for(&names));
    assert_svgs_well_formed(&html);
    for name in names {
        assert!(html.contains(&format!("{name} — AP ")), "{name}");
        assert!(html.contains(&format!("{name} — AUC ")), "{name}");
    }
    // PR, ROC and the calibration line.
    assert_eq!(html.matches("<polyline").count(), 6 + 6 + 1);
    // 36 heatmap cells.
    assert_eq!(
        html.matches("stroke=\"#ffffff\" stroke-width=\"2\"")
            .count(),
        36
    );
}

#[test]
fn eight_long_labels_are_cut_in_charts_but_whole_in_tables() {
    let long: Vec<String> = (0..8)
        .map(|i| format!("an extremely long label number {i} that never ends"))
        .collect();
    let names: Vec<&str> = long.iter().map(String::as_str).collect();
    let html = render_html(&data_for(&names));
    assert_svgs_well_formed(&html);
    for name in &long {
        assert!(html.contains(&format!("<td class=\"label\">{name}</td>")));
    }
    for block in svg_blocks(&html) {
        // Whole labels only appear as hover titles.
        for name in &long {
            assert!(!block.contains(&format!(">{name}</text>")));
        }
    }
    // Cut alike, so numbered: each chart can still tell them apart.
    assert!(html.contains(">1. an extrem…ever ends</text>"));
    assert!(html.contains(">8. an extrem…ever ends</text>"));
    // Crowded heatmap columns and bar groups turn their labels.
    assert_eq!(svg_blocks(&html)[0].matches("rotate(-35").count(), 8);
    assert_eq!(svg_blocks(&html)[1].matches("rotate(-35").count(), 8);
}

#[test]
fn chart_labels_stay_distinct() {
    let plain = labels(&["escalation", "de-escalation", "neutral"]);
    assert_eq!(chart_labels(&plain, 22), plain);
    let shared_prefix = labels(&[
        "de-escalation: ceasefire negotiations",
        "de-escalation: humanitarian corridors",
    ]);
    assert_eq!(
        chart_labels(&shared_prefix, 22),
        ["de-escalati…gotiations", "de-escalati…corridors"]
    );
    let alike = labels(&["same", "same"]);
    assert_eq!(chart_labels(&alike, 22), ["1. same", "2. same"]);
}

#[test]
fn empty_curves_and_odd_numbers_do_not_break_charts() {
    let mut data = three_labels();
    data.pr_curves[1].points.clear();
    data.roc_curves[2].points = vec![(0.5, 0.5)];
    data.roc_curves[0].points.push((f64::NAN, 1.0));
    data.reliability[5].accuracy = Some(f64::INFINITY);
    data.per_class[0].f1 = f64::NAN;
    let html = render_html(&data);
    assert_svgs_well_formed(&html);
    assert!(html.contains("de-escalation — no points"));
    for curve in data.pr_curves.iter_mut() {
        curve.points.clear();
    }
    let html = render_html(&data);
    assert_svgs_well_formed(&html);
    assert!(html.contains(">no points</text>"));
}

#[test]
fn mismatched_confusion_matrix_does_not_panic() {
    let mut data = three_labels();
    data.confusion = vec![vec![5], vec![1, 2, 3, 4], Vec::new()];
    let html = render_html(&data);
    assert_svgs_well_formed(&html);
    assert!(html.contains(">#3</text>"));
}

#[test]
fn odd_strings_survive_as_escaped_text() {
    let pieces = [
        "<",
        ">",
        "&",
        "\"",
        "'",
        "</svg>",
        "<g>",
        "]]>",
        "<!--",
        "-->",
        "&amp;",
        "\u{0}",
        "\u{202E}",
        "مرحبا",
        "戦争",
        "👩‍👩‍👧",
        "e\u{301}",
        " ",
        "\n",
        "\t",
        "",
        "x",
        "NaN",
        "{}",
        "%s",
        "\\",
        "javascript:",
        "<img src=x onerror=alert(1)>",
    ];
    // Reproducible: the same odd inputs on every run.
    let mut next = crate::testing::numbers(0x2545_F491_4F6C_DD1D);
    for round in 0..150 {
        let mut odd = || {
            let len = next() % 12;
            (0..len)
                .map(|_| pieces[next() % pieces.len()])
                .collect::<String>()
        };
        let mut data = data_for(&["a", "b", "c", "d"][..2 + round % 3]);
        let k = data.labels.len();
        for i in 0..k {
            let label = odd();
            data.labels[i] = label.clone();
            data.per_class[i].label = label.clone();
            data.pr_curves[i].label = label.clone();
            data.roc_curves[i].label = label;
        }
        data.title = odd();
        data.misclassified[0].text = odd();
        data.misclassified[1].predicted = odd();
        data.model_card.push((odd(), odd()));
        let html = render_html(&data);
        assert!(!html.contains("<img"), "round {round}");
        assert!(!html.contains("<!--"), "round {round}");
        assert!(!html.contains('\u{0}'), "round {round}");
        assert_svgs_well_formed(&html);
        assert!(html.contains(&escape(&data.misclassified[0].text)));
    }
}

#[test]
fn sections_come_in_the_documented_order() {
    let html = render_html(&three_labels());
    let order = [
        "<h1>",
        "id=\"headline\"",
        "id=\"confusion\"",
        "id=\"per-class\"",
        "id=\"calibration\"",
        "id=\"precision-recall\"",
        "id=\"roc\"",
        "id=\"confidence\"",
        "id=\"misclassified\"",
        "id=\"model-card\"",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|marker| {
            html.find(marker)
                .unwrap_or_else(|| panic!("{marker} missing"))
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]));
    // Self-contained: the only URL is the SVG namespace name.
    assert_eq!(
        html.matches("http").count(),
        html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
    );
    assert!(!html.contains("<link") && !html.contains("src="));
}

#[test]
fn ticks_are_round_and_cover_the_range() {
    let labels: Vec<String> = nice_ticks(0.0, 1.0, 5)
        .into_iter()
        .map(|t| t.label)
        .collect();
    assert_eq!(labels, ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]);
    let counts = nice_ticks(0.0, 37.0, 5);
    assert_eq!(counts.first().map(|t| t.label.as_str()), Some("0"));
    assert!(counts.last().is_some_and(|t| t.value >= 37.0));
    assert!(nice_ticks(1.0, 1.0, 5).is_empty());
    assert!(nice_ticks(0.0, f64::NAN, 5).is_empty());
    // Degenerate spans give few ticks, never a runaway loop or format.
    for hi in [1e-320, 5e-324, f64::MIN_POSITIVE, 1e300] {
        assert!(nice_ticks(0.0, hi, 5).len() <= 100);
    }
}

#[test]
fn truncation_counts_characters_not_bytes() {
    assert_eq!(cut_middle("戦争と平和", 3), "戦…和");
    assert_eq!(cut_middle("short", 10), "short");
    assert_eq!(cut_middle("abc", 0), "…");
    assert_eq!(
        cut_middle("de-escalation: ceasefire negotiations", 20),
        "de-escalat…otiations"
    );
}

#[test]
fn heatmap_shading_follows_the_row_share() {
    assert_eq!(sequential_blue(0.0), "#f7fbff");
    assert_eq!(sequential_blue(1.0), "#08306b");
    assert_eq!(sequential_blue(f64::NAN), "#f7fbff");
    // A small row's diagonal is as dark as a big row's: shares, not counts.
    let svg = confusion_svg(&labels(&["x", "y"]), &[vec![1000, 0], vec![0, 3]]);
    assert_eq!(svg.matches("fill=\"#08306b\"").count(), 2);
}

/// Writes a realistic three-label report for a person to look at:
/// `cargo test report -- --ignored`, then open the file in a browser.
#[test]
#[ignore]
fn write_sample_report() {
    let mut data = data_from(
        &["escalation", "de-escalation", "neutral"],
        vec![vec![412, 31, 57], vec![28, 301, 46], vec![49, 38, 838]],
    );
    // Calibration and histogram consistent with the 1800 rows.
    let counts = [0, 0, 0, 30, 70, 110, 160, 210, 380, 840];
    let accuracies = [0.0, 0.0, 0.0, 0.37, 0.46, 0.55, 0.66, 0.78, 0.9, 0.985];
    data.reliability = counts
        .iter()
        .zip(accuracies)
        .enumerate()
        .map(|(i, (&count, accuracy))| Bin {
            lower: i as f64 / 10.0,
            upper: (i + 1) as f64 / 10.0,
            count,
            mean_confidence: (count > 0).then_some(i as f64 / 10.0 + 0.052),
            accuracy: (count > 0).then_some(accuracy),
        })
        .collect();
    data.confidence_histogram = data
        .reliability
        .iter()
        .flat_map(|bin| {
            let accuracy = bin.accuracy.unwrap_or(0.0);
            let halves = [bin.count * 2 / 5, bin.count - bin.count * 2 / 5];
            halves.into_iter().enumerate().map(move |(h, count)| {
                let correct = (count as f64 * accuracy).round() as usize;
                let lower = bin.lower + h as f64 * 0.05;
                HistBin {
                    lower,
                    upper: lower + 0.05,
                    correct,
                    wrong: count - correct,
                }
            })
        })
        .collect();
    data.title = "rhetoric model report: default.model on data/test.csv".to_string();
    data.model_card = vec![
        (
            "labels".to_string(),
            "escalation, de-escalation, neutral".to_string(),
        ),
        ("training rows".to_string(), "7,214".to_string()),
        (
            "data SHA-256".to_string(),
            "9f2c1e7a5b3d4c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f9012a3b4c5d6e7f".to_string(),
        ),
        (
            "options".to_string(),
            "ngrams=1..2, min_df=2, weighting=tf-idf, C=1.0, class_weight=balanced".to_string(),
        ),
        ("features kept".to_string(), "48,913".to_string()),
        (
            "stored validation metrics".to_string(),
            "accuracy 0.868, macro-F1 0.851 (n=900)".to_string(),
        ),
    ];
    data.misclassified = vec![
        Example {
            text: "Both sides agreed to \"pause\" strikes while envoys meet in Doha, officials said."
                .to_string(),
            gold: "de-escalation".to_string(),
            predicted: "escalation".to_string(),
            confidence: 0.943,
            line: Some(1182),
        },
        Example {
            text: "The ministry said it would respond 'decisively' to any violation of the ceasefire & its airspace."
                .to_string(),
            gold: "escalation".to_string(),
            predicted: "de-escalation".to_string(),
            confidence: 0.917,
            line: Some(77),
        },
        Example {
            text: "Reporters were shown the <damaged> radar site on Tuesday.".to_string(),
            gold: "neutral".to_string(),
            predicted: "escalation".to_string(),
            confidence: 0.884,
            line: None,
        },
        Example {
            text: "Talks collapsed after the delegation walked out, and the army announced a new call-up of reservists across three northern provinces, according to state media.".to_string(),
            gold: "escalation".to_string(),
            predicted: "neutral".to_string(),
            confidence: 0.802,
            line: Some(2240),
        },
    ];
    let path = "/tmp/rhetoric_sample_report.html";
    std::fs::write(path, render_html(&data)).expect("write sample report");
    println!("wrote {path}");
}

/// A comparison of the three-label report with itself, every user string
/// hostile.
fn compared() -> ReportData {
    let mut data = three_labels();
    let summary = |name: &str| crate::pages::report::ModelSummary {
        name: name.to_string(),
        accuracy: data.accuracy,
        accuracy_ci: data.accuracy_ci,
        macro_f1: data.macro_f1,
        macro_f1_ci: data.macro_f1_ci,
        labels: data.labels.clone(),
        confusion: data.confusion.clone(),
        per_class: data.per_class.clone(),
    };
    let models = [summary("<b>one</b>"), summary("two & co")];
    let disagreement = crate::eval::evaluation::Disagreement {
        line: 7,
        text: "<script>alert(1)</script>".to_string(),
        gold: data.labels[0].clone(),
        predicted: [data.labels[0].clone(), data.labels[1].clone()],
        confidence: [0.61, 0.93],
    };
    data.comparison = Some(Comparison {
        models,
        test: crate::eval::probability::compare_paired(
            2,
            &[0, 1, 1],
            &[0, 1, 0],
            &[1, 1, 1],
            100,
            0,
        ),
        right_only: [vec![disagreement], Vec::new()],
    });
    data
}

#[test]
fn comparison_comes_first_and_escapes_its_text() {
    let html = render_html(&compared());
    assert_svgs_well_formed(&html);
    let at = |marker: &str| {
        html.find(marker)
            .unwrap_or_else(|| panic!("{marker} missing"))
    };
    assert!(at("id=\"compare\"") < at("id=\"headline\""));
    assert!(html.contains("Headline figures of [1]"));
    assert!(html.contains("&lt;b&gt;one&lt;/b&gt;") && html.contains("two &amp; co"));
    assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"));
    assert!(html.contains("Right only in [2]: 1 rows"));
    assert!(html.contains("<p class=\"no-data\">none</p>"));
    assert_eq!(html.matches("Confusion matrix of [").count(), 2);
}
