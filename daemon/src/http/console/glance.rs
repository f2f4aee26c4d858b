//! At a glance: the weeks ahead as a timeline of due dates, a chart of
//! cases per month by type with the share answered on time (inline SVG, no
//! script), and those figures as CSV for the annual privacy report
//! (`officer::figures`).

use super::frame::Frame;
use super::guard::Ctx;
use super::words;
use crate::case::CaseState;
use crate::classify::RequestType;
use crate::http::api::ApiState;
use crate::officer::{self, CaseQuery, Figures};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};

/// How many weeks ahead the timeline looks.
const WEEKS: i64 = 8;
/// The chart's bar area, in SVG units.
const BAR_WIDTH: f64 = 480.0;
const ROW: u32 = 26;
const LABEL: f64 = 70.0;

/// A case due in a week.
pub(super) struct Due {
    pub reference: String,
    pub due: String,
    pub state: &'static str,
}

/// A week of the timeline (or, first, what is overdue).
pub(super) struct Week {
    pub label: String,
    pub overdue: bool,
    pub cases: Vec<Due>,
}

/// A part of a month's bar.
pub(super) struct Segment {
    pub x: String,
    pub width: String,
    pub class: String,
    pub title: String,
}

/// A month's bar.
pub(super) struct Bar {
    pub month: String,
    pub y: u32,
    pub text_y: u32,
    pub total: u32,
    pub total_x: String,
    pub segments: Vec<Segment>,
}

/// A month's row of the on-time table.
pub(super) struct OnTime {
    pub month: String,
    pub received: u32,
    pub answered: u32,
    pub on_time: u32,
    pub percent: String,
    /// The share as a bar's width out of 100 (0 with nothing answered).
    pub bar: u32,
}

/// A type in the legend.
pub(super) struct Legend {
    pub class: String,
    pub label: &'static str,
}

#[derive(Template)]
#[template(path = "console/glance.html")]
struct GlancePage {
    f: Frame,
    weeks: Vec<Week>,
    bars: Vec<Bar>,
    height: u32,
    legend: Vec<Legend>,
    on_time: Vec<OnTime>,
    overall: String,
}

/// One month of the figures as the chart, the table and the CSV show it.
pub(super) struct MonthRow {
    /// `YYYY-MM`.
    pub month: String,
    /// Per request type, in [`RequestType::ALL`] order; a case asking two
    /// rights counts under both (as `officer::figures` counts).
    pub by_type: Vec<(RequestType, u32)>,
    /// Cases received.
    pub received: u32,
    /// Of those, answered (or refused).
    pub answered: u32,
    /// Of those answered, in time.
    pub on_time: u32,
}

impl MonthRow {
    /// The share answered on time, in percent of those answered.
    fn on_time_percent(&self) -> Option<u32> {
        (self.answered > 0).then(|| (self.on_time * 100 + self.answered / 2) / self.answered)
    }
}

/// The months of `figures` up to `today`'s (a year's later months are
/// still to come), as rows. Reduced cases count like the others.
pub(super) fn rows_of(figures: &Figures, today: NaiveDate) -> Vec<MonthRow> {
    figures
        .months
        .iter()
        .filter(|m| figures.year < today.year() || m.month <= today.month())
        .map(|m| MonthRow {
            month: format!("{}-{:02}", figures.year, m.month),
            by_type: RequestType::ALL
                .iter()
                .map(|t| (*t, m.figures.by_type.get(t.as_str()).copied().unwrap_or(0)))
                .collect(),
            received: m.figures.cases,
            answered: m.figures.answered,
            on_time: m.figures.in_time,
        })
        .collect()
}

/// The year asked for (`?year=`), the current one by default.
#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct YearQuery {
    year: Option<i32>,
}

async fn month_rows(
    api: &ApiState,
    year: Option<i32>,
) -> Result<Vec<MonthRow>, crate::store::StoreError> {
    let tz = api.config.organisation.time_zone;
    let today = api.clock.now().with_timezone(&tz).date_naive();
    let figures = officer::figures(api.store.as_ref(), year.unwrap_or(today.year()), tz).await?;
    Ok(rows_of(&figures, today))
}

fn monday(d: NaiveDate) -> NaiveDate {
    d - chrono::Days::new(u64::from(d.weekday().num_days_from_monday()))
}

/// `GET /console/glance`.
pub(super) async fn show(
    State(api): State<ApiState>,
    Query(q): Query<YearQuery>,
    ctx: Ctx,
) -> Response {
    match build(&api, &ctx, q.year).await {
        Ok(page) => ctx.page(&page),
        Err(e) => {
            tracing::error!("console: the figures could not be read: {e}");
            ctx.failed()
        }
    }
}

async fn build(
    api: &ApiState,
    ctx: &Ctx,
    year: Option<i32>,
) -> Result<GlancePage, crate::store::StoreError> {
    let now = api.clock.now();
    let today = now
        .with_timezone(&api.config.organisation.time_zone)
        .date_naive();
    let cases =
        officer::list_cases(api.store.as_ref(), &api.config, &CaseQuery::default(), now).await?;
    let mut open: Vec<_> = cases
        .iter()
        .filter(|c| c.state.is_open() && c.state != CaseState::NeedsTriage)
        .filter_map(|c| c.due_date.map(|d| (d, c)))
        .collect();
    open.sort_by_key(|(d, _)| *d);
    let due = |d: NaiveDate, c: &crate::case::CaseSummary| Due {
        reference: c.reference.to_string(),
        due: d.to_string(),
        state: words::state(c.state, ctx.lang),
    };
    let mut weeks = vec![Week {
        label: ctx.t.overdue_now.to_owned(),
        overdue: true,
        cases: open
            .iter()
            .filter(|(d, _)| *d < today)
            .map(|(d, c)| due(*d, c))
            .collect(),
    }];
    let start = monday(today);
    for w in 0..WEEKS {
        let from = start + chrono::Days::new(7 * w as u64);
        let to = from + chrono::Days::new(6);
        weeks.push(Week {
            label: format!(
                "{} {} ({} – {})",
                ctx.t.week,
                from.iso_week().week(),
                from.format("%d-%m"),
                to.format("%d-%m")
            ),
            overdue: false,
            cases: open
                .iter()
                .filter(|(d, _)| *d >= today.max(from) && *d <= to)
                .map(|(d, c)| due(*d, c))
                .collect(),
        });
    }
    let figures = month_rows(api, year).await?;
    // A case asking two rights counts under both, so a bar is as long as
    // its segments, which may be more than the cases it is labelled with.
    let max = figures
        .iter()
        .map(|m| {
            m.by_type
                .iter()
                .map(|(_, n)| n)
                .sum::<u32>()
                .max(m.received)
        })
        .max()
        .unwrap_or(0)
        .max(1);
    let scale = BAR_WIDTH / f64::from(max);
    let bars = figures
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut x = LABEL;
            let segments = m
                .by_type
                .iter()
                .enumerate()
                .filter(|(_, (_, n))| *n > 0)
                .map(|(k, (t, n))| {
                    let width = f64::from(*n) * scale;
                    let s = Segment {
                        x: format!("{x:.1}"),
                        width: format!("{width:.1}"),
                        class: format!("c{k}"),
                        title: format!("{}: {n}", words::request_type(*t, ctx.lang)),
                    };
                    x += width;
                    s
                })
                .collect();
            let y = i as u32 * ROW;
            Bar {
                month: m.month.clone(),
                y: y + 4,
                text_y: y + 18,
                total: m.received,
                total_x: format!("{:.1}", x_end(m, scale)),
                segments,
            }
        })
        .collect();
    let (answered, on_time) = figures
        .iter()
        .fold((0, 0), |(a, o), m| (a + m.answered, o + m.on_time));
    Ok(GlancePage {
        f: ctx.frame(ctx.t.nav_glance, "glance"),
        weeks,
        height: (figures.len() as u32).max(1) * ROW,
        bars,
        legend: RequestType::ALL
            .iter()
            .enumerate()
            .map(|(k, t)| Legend {
                class: format!("c{k}"),
                label: words::request_type(*t, ctx.lang),
            })
            .collect(),
        on_time: figures
            .iter()
            .map(|m| OnTime {
                month: m.month.clone(),
                received: m.received,
                answered: m.answered,
                on_time: m.on_time,
                percent: m
                    .on_time_percent()
                    .map(|p| format!("{p}%"))
                    .unwrap_or_else(|| "–".into()),
                bar: m.on_time_percent().unwrap_or(0),
            })
            .collect(),
        overall: (on_time * 100 + answered / 2)
            .checked_div(answered)
            .map_or_else(|| "–".into(), |p| format!("{p}%")),
    })
}

/// Where a month's total is written: after its longest part.
fn x_end(m: &MonthRow, scale: f64) -> f64 {
    let segments: u32 = m.by_type.iter().map(|(_, n)| n).sum();
    LABEL + f64::from(segments.max(m.received)) * scale + 6.0
}

/// The figures as CSV: one line per month.
pub(super) fn csv_of(figures: &[MonthRow]) -> String {
    let mut out = String::from("month");
    for t in RequestType::ALL {
        out.push(',');
        out.push_str(t.as_str());
    }
    out.push_str(",received,answered,answered_on_time,on_time_percent\r\n");
    for m in figures {
        out.push_str(&m.month);
        for (_, n) in &m.by_type {
            out.push_str(&format!(",{n}"));
        }
        out.push_str(&format!(
            ",{},{},{},{}\r\n",
            m.received,
            m.answered,
            m.on_time,
            m.on_time_percent()
                .map(|p| p.to_string())
                .unwrap_or_default()
        ));
    }
    out
}

/// `GET /console/glance.csv`.
pub(super) async fn csv(
    State(api): State<ApiState>,
    Query(q): Query<YearQuery>,
    ctx: Ctx,
) -> Response {
    match month_rows(&api, q.year).await {
        Ok(figures) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"dsrd-figures.csv\"",
                ),
            ],
            csv_of(&figures),
        )
            .into_response(),
        Err(e) => {
            tracing::error!("console: the figures could not be read: {e}");
            ctx.failed()
        }
    }
}
