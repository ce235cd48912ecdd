//! `tifa targets`: the main annual targets of each government work report,
//! as a year × indicator table or a JSON array.

use super::{filter, out};
use crate::cli::TargetsArgs;
use crate::table;
use anyhow::Result;
use serde_json::json;
use std::collections::BTreeMap;
use std::process::ExitCode;
use tifa_library::Library;

const INDICATORS: [&str; 8] = [
    "gdp_growth",
    "cpi",
    "unemployment_surveyed",
    "unemployment_registered",
    "new_urban_jobs",
    "deficit_ratio",
    "grain_output",
    "energy_intensity",
];

pub fn run(lib: &Library, args: &TargetsArgs) -> Result<ExitCode> {
    let f = filter(lib, &args.filter)?;
    let searcher = lib.searcher()?;
    let mut by_year: BTreeMap<i64, Vec<tifa_analysis::Target>> = BTreeMap::new();
    for id in searcher.accepted(&f) {
        let Some(m) = searcher.meta(id) else { continue };
        let year = m
            .date
            .as_deref()
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse::<i64>().ok());
        let (Some(year), true) = (
            year,
            m.title.contains(&args.title) && !m.title.contains("决议") && !m.title.contains("决定"),
        ) else {
            continue;
        };
        let found = tifa_analysis::targets(&lib.body(&m.id)?.join("\n"));
        if !found.is_empty() {
            by_year.entry(year).or_insert(found);
        }
    }
    let s = if args.json {
        let rows: Vec<_> = by_year
            .iter()
            .flat_map(|(y, ts)| ts.iter().map(move |t| json!({"year": y, "indicator": t.indicator, "value": t.value, "sentence": t.sentence})))
            .collect();
        format!("{}\n", serde_json::Value::Array(rows))
    } else {
        let cells: Vec<Vec<String>> = by_year
            .iter()
            .map(|(y, ts)| {
                std::iter::once(y.to_string())
                    .chain(INDICATORS.iter().map(|i| {
                        ts.iter()
                            .find(|t| t.indicator == *i)
                            .map_or("—".into(), |t| t.value.clone())
                    }))
                    .collect()
            })
            .collect();
        let header = [
            "年份 year",
            "GDP增长",
            "CPI",
            "调查失业率",
            "登记失业率",
            "城镇新增就业",
            "赤字率",
            "粮食产量",
            "能耗强度",
        ];
        table::render(&header, &cells, 20)
    };
    out(&s)?;
    Ok(ExitCode::SUCCESS)
}
