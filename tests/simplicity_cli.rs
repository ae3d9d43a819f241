//! The `gradlab simplicity` and `gradlab redshift` subcommands end to end: the JSON
//! shape the page and scripts rely on, and clear errors for bad knobs.
#![cfg(feature = "cli")]

mod common;
use common::{gradlab, json, stderr};


#[test]
fn simplicity_prints_standard_and_randomized_scores_for_the_test_set() {
    let v = json(&gradlab(&["simplicity", "--preset", "lms-5", "--small", "--seed", "2", "--set", "epochs=3", "--set", "samples=1000", "--set", "test=500", "--set", "probe-every=5"]));
    // Steps 5 and 10 of 12 are probed along the way.
    let history = v["history"].as_array().unwrap();
    assert_eq!(history.iter().map(|h| h["step"].as_u64().unwrap()).collect::<Vec<_>>(), [5, 10]);
    assert!(history[0]["s_randomized"]["auc"].is_number());
    for key in ["standard", "s_randomized", "sc_randomized"] {
        for m in ["acc", "auc"] {
            let x = v[key][m].as_f64().unwrap_or_else(|| panic!("{key}.{m} in {v}"));
            assert!((0.0..=1.0).contains(&x));
        }
    }
    assert_eq!(v["per_coordinate"].as_array().unwrap().len(), 10);
    assert_eq!(v["preset"], "lms-5");
    assert_eq!(v["settings"]["preset"], "lms-5");
    assert_eq!(v["settings"]["epochs"], 3);
    assert_eq!(v["settings"]["data"]["train"], 1000);
    assert_eq!((v["settings"]["data"]["simple"].as_str(), v["settings"]["data"]["complex"].as_str()), (Some("linear"), Some("5-slab")));
    assert_eq!(v["steps"], 3 * 4); // ceil(1000 / 256) = 4 steps an epoch
    // Same seed, same numbers (the timing aside); recording the history leaves the final probes alone.
    let again = json(&gradlab(&["simplicity", "--preset", "lms-5", "--small", "--seed", "2", "--set", "epochs=3", "--set", "samples=1000", "--set", "test=500"]));
    assert_eq!(v["per_coordinate"], again["per_coordinate"]);
    assert_eq!(v["s_randomized"], again["s_randomized"]);
}

#[test]
fn simplicity_rejects_bad_presets_and_knobs_by_name() {
    assert!(stderr(&gradlab(&["simplicity", "--preset", "lms-9"])).contains("lms-5, ms-5-7, noisy-lms-7, ms-7"));
    let e = stderr(&gradlab(&["simplicity", "--preset", "ms-7", "--small", "--set", "complex=4-slab"]));
    assert!(e.contains("complex") && e.contains("7-slab"), "{e}");
    let e = stderr(&gradlab(&["simplicity", "--preset", "ms-7", "--small", "--set", "dim=1"]));
    assert!(e.contains("dim") && e.contains("2..=1000"), "{e}");
    let e = stderr(&gradlab(&["simplicity", "--preset", "ms-7", "--small", "--set", "margin=0.2"]));
    assert!(e.contains("margin") && e.contains("7 slabs"), "{e}");
}

#[test]
fn redshift_prints_one_row_per_activation_depth_and_amplitude() {
    let v = json(&gradlab(&["redshift", "--activations", "relu,swish", "--depths", "1,3", "--amplitudes", "1", "--grid", "16", "--width", "8"]));
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!((rows[0]["activation"].as_str(), rows[3]["activation"].as_str()), (Some("relu"), Some("silu")));
    assert!(rows.iter().all(|r| (0.0..=1.0).contains(&r["fourier"].as_f64().unwrap()) && r["lz"].as_u64().unwrap() > 0));
    let out = gradlab(&["redshift", "--activations", "tanh", "--depths", "2", "--amplitudes", "1", "--grid", "16", "--csv", "--gating"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("activation,depth,amplitude,layer_norm,residual,gating,fourier,lz,lz_normalized\ntanh,2,1,false,false,true,"), "{text}");
    assert!(stderr(&gradlab(&["redshift", "--activations", "elu"])).contains("--activations"));
    assert!(stderr(&gradlab(&["redshift", "--depths", "9"])).contains("depth: 9 is outside 1..=7"));
}
