//! `tifa targets`: the main annual targets of each government work report
//! (`analysis::targets`), as a year × indicator table or a JSON array (each
//! target with its printed value, numeric bounds, sentence and paragraph).

use super::{json_line, out};
use crate::cli::TargetsArgs;
use crate::table;
use anyhow::Result;
use std::collections::BTreeMap;
use std::process::ExitCode;
use tifa_service::analysis::{INDICATORS, TargetRow, TargetsRequest, targets};
use tifa_service::{Reader, xlsx};

pub fn run(r: &Reader<'_>, args: &TargetsArgs) -> Result<ExitCode> {
    let rows = targets(
        r,
        &TargetsRequest {
            title: args.title.clone(),
            filter: args.filter.spec(),
        },
    )?;
    if let Some(p) = &args.xlsx {
        xlsx::save(p, &rows)?;
    }
    let s = if args.json {
        json_line(&rows)?
    } else {
        let mut by_year: BTreeMap<i64, Vec<&TargetRow>> = BTreeMap::new();
        for t in &rows {
            by_year.entry(t.year).or_default().push(t);
        }
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
            "零售物价",
            "调查失业率",
            "登记失业率",
            "城镇新增就业",
            "赤字率",
            "粮食产量",
            "能耗强度",
            "M2增长",
            "专项债券",
        ];
        table::render(&header, &cells, 20)
    };
    out(&s)?;
    Ok(ExitCode::SUCCESS)
}
