//! Dates in news metadata → the day, ISO week or month they fall in, for
//! summaries over time (`predict --summary --period week`).
//!
//! Read: ISO 8601 (`2024-03-05`, `2024-03-05T10:00:00Z`, `2024-03-05 10:00`),
//! `2024/03/05`, and the common English forms `March 5, 2024`, `Mar 5 2024`,
//! `5 March 2024`, `05 Mar 2024`, `Tue, 05 Mar 2024 10:00:00 GMT` (RFC 2822).
//! Anything else is not a date: the caller counts and reports it.

/// How long one period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Day,
    Week,
    Month,
}

impl Period {
    /// The column name a period's values go under.
    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    }

    /// The period `date` falls in: `2024-03-05`, `2024-W10`, `2024-03`;
    /// `None` when `date` cannot be read as a date.
    pub fn of(self, date: &str) -> Option<String> {
        parse_date(date).map(|day| self.label_of(day))
    }

    /// The first day (year, month, day) of a period written as
    /// [`of`](Self::of) writes it (`2024-03-05`, `2024-W10`, `2024-03`).
    pub fn start(self, label: &str) -> Option<(i32, u32, u32)> {
        match self {
            Period::Day => parse_date(label).filter(|_| label.len() == 10),
            Period::Month => {
                let (y, m) = label.split_once('-')?;
                let (y, m) = (y.parse::<i32>().ok()?, m.parse::<u32>().ok()?);
                (label.len() == 7 && valid((y, m, 1))).then_some((y, m, 1))
            }
            Period::Week => {
                let (y, w) = label.split_once("-W")?;
                let (y, w) = (y.parse::<i32>().ok()?, w.parse::<u32>().ok()?);
                if label.len() != 8 || !(1000..=9999).contains(&y) || w == 0 {
                    return None;
                }
                // Week 1 holds 4 January; weeks start on Monday.
                let jan4 = days_from_civil(y, 1, 4);
                let monday = jan4 - (jan4 + 3).rem_euclid(7) + 7 * i64::from(w - 1);
                let start = civil_from_days(monday);
                (iso_week(start.0, start.1, start.2) == (y, w)).then_some(start)
            }
        }
    }

    /// The period after `label` (`2024-W52` → `2025-W01`).
    pub fn next(self, label: &str) -> Option<String> {
        let (y, m, d) = self.start(label)?;
        let after = match self {
            Period::Day => civil_from_days(days_from_civil(y, m, d) + 1),
            Period::Week => civil_from_days(days_from_civil(y, m, d) + 7),
            Period::Month if m == 12 => (y + 1, 1, 1),
            Period::Month => (y, m + 1, 1),
        };
        valid(after).then(|| self.label_of(after))
    }

    fn label_of(self, (y, m, d): (i32, u32, u32)) -> String {
        match self {
            Period::Day => format!("{y:04}-{m:02}-{d:02}"),
            Period::Month => format!("{y:04}-{m:02}"),
            Period::Week => {
                let (wy, w) = iso_week(y, m, d);
                format!("{wy:04}-W{w:02}")
            }
        }
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Year, month and day of a date written in one of the forms above.
fn parse_date(text: &str) -> Option<(i32, u32, u32)> {
    let text = text.trim();
    let numeric = |t: &str| -> Option<(i32, u32, u32)> {
        let head: String = t.chars().take(10).collect();
        let mut parts = head.split(['-', '/']);
        let y = parts.next()?.parse::<i32>().ok()?;
        let m = parts.next()?.parse::<u32>().ok()?;
        let d = parts.next()?.parse::<u32>().ok()?;
        let rest = &t[head.len()..];
        let clean_end = rest.is_empty() || rest.starts_with(['T', ' ', 't']);
        (head.len() == 10 && clean_end).then_some((y, m, d))
    };
    let date = numeric(text).or_else(|| words(text))?;
    valid(date).then_some(date)
}

/// `March 5, 2024`, `5 March 2024`, `Tue, 05 Mar 2024 10:00:00 GMT`.
fn words(text: &str) -> Option<(i32, u32, u32)> {
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .collect();
    let month_at = tokens.iter().position(|t| month(t).is_some())?;
    let m = month(tokens[month_at])?;
    let number = |i: usize| {
        tokens
            .get(i)
            .and_then(|t| t.trim_end_matches('.').parse::<u32>().ok())
    };
    // "March 5, 2024" or "5 March 2024".
    let (d, y) = match (
        month_at.checked_sub(1).and_then(number),
        number(month_at + 1),
    ) {
        (Some(d), Some(y)) if d <= 31 && y >= 1000 => (d, y),
        (_, Some(d)) if d <= 31 => (d, number(month_at + 2)?),
        _ => return None,
    };
    Some((i32::try_from(y).ok()?, m, d))
}

/// The month number of an English month name or its three-letter start.
fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let i = MONTHS.iter().position(|m| w.starts_with(m))?;
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    // "Mar", "March", "Sept": a start of the full name.
    let ok = full[i].starts_with(&w);
    ok.then_some(i as u32 + 1)
}

fn valid((y, m, d): (i32, u32, u32)) -> bool {
    (1000..=9999).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` after 1970-01-01 (Howard Hinnant's civil_from_days).
fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

/// ISO 8601 week-numbering year and week of a date.
fn iso_week(y: i32, m: u32, d: u32) -> (i32, u32) {
    let days = days_from_civil(y, m, d);
    // 1970-01-01 was a Thursday; Monday = 0.
    let weekday = (days + 3).rem_euclid(7);
    // The Thursday of this date's week decides its year.
    let thursday = days - weekday + 3;
    let year = if thursday < days_from_civil(y, 1, 1) {
        y - 1
    } else if thursday >= days_from_civil(y + 1, 1, 1) {
        y + 1
    } else {
        y
    };
    let week = (thursday - days_from_civil(year, 1, 1)) / 7 + 1;
    (year, week as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_usual_forms() {
        for text in [
            "2024-03-05",
            "2024-03-05T10:00:00Z",
            "2024-03-05 10:00",
            "2024/03/05",
            "March 5, 2024",
            "Mar 5 2024",
            "5 March 2024",
            "05 Mar 2024",
            "Tue, 05 Mar 2024 10:00:00 GMT",
            "  Mar. 5, 2024 ",
        ] {
            assert_eq!(
                Period::Day.of(text).as_deref(),
                Some("2024-03-05"),
                "{text:?}"
            );
        }
        assert_eq!(Period::Month.of("2024-03-05").as_deref(), Some("2024-03"));
        assert_eq!(
            Period::Day.of("Sept 9, 2024").as_deref(),
            Some("2024-09-09")
        );
        assert_eq!(Period::Day.of("Marchx 5, 2024"), None);
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        for text in [
            "",
            "yesterday",
            "2024-13-01",
            "2023-02-29",
            "2024-03",
            "March 2024",
            "12345",
            "2024-03-05x",
        ] {
            assert_eq!(Period::Day.of(text), None, "{text:?}");
        }
        assert_eq!(Period::Day.of("2024-02-29").as_deref(), Some("2024-02-29"));
    }

    #[test]
    fn periods_start_and_follow_each_other() {
        assert_eq!(Period::Week.start("2024-W10"), Some((2024, 3, 4)));
        assert_eq!(Period::Week.start("2020-W53"), Some((2020, 12, 28)));
        assert_eq!(Period::Week.start("2021-W53"), None, "2021 has 52 weeks");
        assert_eq!(Period::Month.start("2024-03"), Some((2024, 3, 1)));
        assert_eq!(Period::Day.start("2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(Period::Day.start("March 5, 2024"), None);
        for (period, label, next) in [
            (Period::Day, "2024-02-28", "2024-02-29"),
            (Period::Day, "2024-12-31", "2025-01-01"),
            (Period::Week, "2020-W53", "2021-W01"),
            (Period::Week, "2024-W52", "2025-W01"),
            (Period::Week, "2024-W09", "2024-W10"),
            (Period::Month, "2024-12", "2025-01"),
        ] {
            assert_eq!(period.next(label).as_deref(), Some(next), "{label}");
        }
        // Every day of four years, one after another, agrees with `of`.
        let mut day = "2023-01-01".to_string();
        for _ in 0..1461 {
            let next = Period::Day.next(&day).unwrap();
            assert_eq!(Period::Day.of(&next).as_deref(), Some(next.as_str()));
            assert!(next > day);
            day = next;
        }
        assert_eq!(day, "2027-01-01");
    }

    #[test]
    fn iso_weeks_at_year_ends() {
        // Known ISO weeks: 2021-01-03 is 2020-W53, 2024-12-30 is 2025-W01,
        // 2024-03-05 is 2024-W10, 2026-12-07 is 2026-W50.
        for (date, week) in [
            ("2021-01-03", "2020-W53"),
            ("2021-01-04", "2021-W01"),
            ("2024-12-30", "2025-W01"),
            ("2024-03-05", "2024-W10"),
            ("2026-12-07", "2026-W50"),
        ] {
            assert_eq!(Period::Week.of(date).as_deref(), Some(week), "{date}");
        }
    }
}
