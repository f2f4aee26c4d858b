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
use crate::officer::{self, CaseQuery, MonthFigures};
use askama::Template;
use axum::extract::State;
use axum::http::{header, StatusCode};
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

fn monday(d: NaiveDate) -> NaiveDate {
    d - chrono::Days::new(u64::from(d.weekday().num_days_from_monday()))
}

/// `GET /console/glance`.
pub(super) async fn show(State(api): State<ApiState>, ctx: Ctx) -> Response {
    match build(&api, &ctx).await {
        Ok(page) => ctx.page(&page),
        Err(e) => {
            tracing::error!("console: the figures could not be read: {e}");
            ctx.message(
                StatusCode::INTERNAL_SERVER_ERROR,
                ctx.t.failed_title,
                ctx.t.failed.to_owned(),
            )
        }
    }
}

async fn build(api: &ApiState, ctx: &Ctx) -> Result<GlancePage, crate::store::StoreError> {
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
    let figures = officer::figures(api.store.as_ref(), &api.config).await?;
    let max = figures.iter().map(|m| m.received).max().unwrap_or(0).max(1);
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
                total_x: format!("{:.1}", LABEL + f64::from(m.received) * scale + 6.0),
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

/// The figures as CSV: one line per month.
pub(super) fn csv_of(figures: &[MonthFigures]) -> String {
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
pub(super) async fn csv(State(api): State<ApiState>, ctx: Ctx) -> Response {
    match officer::figures(api.store.as_ref(), &api.config).await {
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
            ctx.message(
                StatusCode::INTERNAL_SERVER_ERROR,
                ctx.t.failed_title,
                ctx.t.failed.to_owned(),
            )
        }
    }
}
