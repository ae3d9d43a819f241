//! The compact-networks lab (crate::sparsity; www/compact-worker.js, www/prune-worker.js):
//! pruning a run live, the accuracy-vs-sparsity sweep, lottery tickets.

use super::run::config_from_js;
use super::{js_err, to_js, Lab};
use crate::labs::{lottery, prune_sweep};
use crate::sparsity::Criterion;
use wasm_bindgen::prelude::*;

fn criterion(key: &str, name: &str) -> Result<Criterion, JsError> {
    Criterion::from_name(name).ok_or_else(|| JsError::new(&format!("{key}: {name:?} is not one of {}", crate::train::schema::CRITERIA.join(", "))))
}

#[wasm_bindgen]
impl Lab {
    /// Prunes now to sparsity `s` with `criterion` (a `prune` value; "none" makes the
    /// network dense again). Pruned weights become 0 at once and stay 0.
    #[wasm_bindgen(js_name = pruneNow)]
    pub fn prune_now(&mut self, criterion: &str, s: f64) -> Result<(), JsError> {
        let c = self::criterion("prune", criterion)?;
        self.trainer.prune_now(c, s).map_err(js_err)
    }

    /// One 0/1 per parameter (1 = live); empty for a dense network.
    pub fn mask(&self) -> Vec<f32> {
        self.trainer.mask().map(|m| m.as_slice().to_vec()).unwrap_or_default()
    }

    /// Nonzeros, sparsity per layer, forward FLOPs and sparse size of the current weights.
    #[wasm_bindgen(js_name = sparsityReport)]
    pub fn sparsity_report(&self) -> JsValue {
        to_js(&self.trainer.sparsity_report())
    }
}

/// The accuracy-vs-sparsity experiment's runs, [{ config, name }], the dense baseline
/// first, so the page can share them out among workers (each calls `pruneRow`).
#[wasm_bindgen(js_name = pruneSweepPlan)]
pub fn prune_sweep_plan(config: JsValue, methods: Vec<String>, sparsities: Vec<f64>, after: f64) -> Result<JsValue, JsError> {
    let base = config_from_js(config)?;
    let criteria = methods.iter().map(|m| criterion("methods", m)).collect::<Result<Vec<_>, _>>()?;
    let sweep = prune_sweep::Sweep::new(&base, &criteria, &sparsities, Some(after)).map_err(js_err)?;
    let plan: Vec<serde_json::Value> = sweep.runs().iter().map(|(c, name)| serde_json::json!({ "config": c, "name": name })).collect();
    Ok(to_js(&plan))
}

/// Trains one run of the plan and returns its row of the table.
#[wasm_bindgen(js_name = pruneRow)]
pub fn prune_row(config: JsValue, name: &str) -> Result<JsValue, JsError> {
    let config = config_from_js(config)?;
    Ok(to_js(&prune_sweep::run_row(&config, name).map_err(js_err)?))
}

/// Lottery tickets (Frankle & Carbin 2019) one round at a time, with the two controls.
#[wasm_bindgen]
pub struct LotteryLab {
    run: lottery::Lottery,
}

#[wasm_bindgen]
impl LotteryLab {
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue, rounds: usize, rate: f64, rewind: u32) -> Result<LotteryLab, JsError> {
        let config = config_from_js(config)?;
        let lc = lottery::LotteryConfig { rounds, rate, rewind: rewind as u64, ..Default::default() };
        Ok(LotteryLab { run: lottery::Lottery::new(&config, &lc).map_err(js_err)? })
    }

    /// The next round's { round, sparsity, nonzeros, ticket, reinit, random_mask }, or null when done.
    #[wasm_bindgen(js_name = nextRound)]
    pub fn next_round(&mut self) -> Result<JsValue, JsError> {
        Ok(match self.run.next_round().map_err(js_err)? {
            Some(r) => to_js(&r),
            None => JsValue::NULL,
        })
    }
}
