//! The user's own data (dataset=custom): training on uploaded rows, swapping in rows drawn
//! by hand without touching the weights, links that cannot carry data, and the CLI.

mod common;

use gradlab::data::{DatasetKind, Task, UserData};
use gradlab::train::{hash, RunConfig, Trainer};
use std::sync::Arc;

/// Two well-separated blobs in raw units (the import rescales them), labels 3 and 7.
fn blobs_csv(n: usize) -> String {
    let mut s = String::from("height,weight,label\n");
    for i in 0..n {
        let c = i % 2;
        let jitter = (i * 37 % 11) as f32 / 11.0;
        s.push_str(&format!("{},{},{}\n", 150.0 + 30.0 * c as f32 + 8.0 * jitter, 50.0 + 25.0 * c as f32 + 6.0 * (1.0 - jitter), if c == 1 { 7 } else { 3 }));
    }
    s
}

fn custom(user: UserData, set: &str) -> RunConfig {
    let mut v = hash::parse(set).config.to_value();
    v["dataset"] = "custom".into();
    RunConfig::from_value_with(v, Some(Arc::new(user))).unwrap()
}

#[test]
fn an_uploaded_csv_trains_to_full_accuracy() {
    let user = UserData::from_csv(&blobs_csv(60)).unwrap();
    let config = custom(user, "hidden=4&epochs=40");
    assert_eq!(config.task(), Task::Binary);
    let mut t = Trainer::new(config.clone());
    assert_eq!(t.data.train.len() + t.data.test.len(), 60);
    t.run(t.total_steps()).unwrap();
    assert_eq!(t.evaluate_test().accuracy, Some(1.0));
    // Same rows, config and seed: bit-identical weights.
    let mut again = Trainer::new(config);
    again.run(again.total_steps()).unwrap();
    assert_eq!(t.params, again.params);
}

#[test]
fn rows_drawn_by_hand_keep_the_weights_and_a_new_class_needs_a_new_network() {
    let mut t = Trainer::new(hash::parse("dataset=gauss&samples=40").config);
    t.run(25).unwrap();
    let (params, step) = (t.params.clone(), t.step);
    // The gauss points plus one drawn point of class 1.
    let all: Vec<(f32, f32, f32)> = [&t.data.train, &t.data.test]
        .iter()
        .flat_map(|d| d.points.rows().into_iter().zip(&d.y).map(|(p, &y)| (p[0], p[1], y)).collect::<Vec<_>>())
        .chain([(5.5, 5.5, 1.0)])
        .collect();
    let xy: Vec<f32> = all.iter().flat_map(|&(x, y, _)| [x, y]).collect();
    let y: Vec<f32> = all.iter().map(|p| p.2).collect();
    assert!(t.set_user_data(Arc::new(UserData::from_points(&xy, &y).unwrap())));
    assert_eq!(t.config.data.kind, DatasetKind::Custom);
    assert_eq!((t.params.clone(), t.step), (params.clone(), step), "the edit leaves weights and step alone");
    assert_eq!(t.data.train.len() + t.data.test.len(), 41);
    t.run(10).unwrap();
    assert_ne!(t.params, params, "and training goes on");
    // A third class changes the output layer: refused, nothing changed.
    let mut y3 = y.clone();
    y3[0] = 2.0;
    let before = t.params.clone();
    assert!(!t.set_user_data(Arc::new(UserData::from_points(&xy, &y3).unwrap())));
    assert_eq!(t.data.train.len() + t.data.test.len(), 41);
    assert_eq!(t.params, before);
}

#[test]
fn a_link_cannot_carry_data_and_falls_back_with_a_warning() {
    let parsed = hash::parse("dataset=custom&hidden=3");
    assert_eq!(parsed.config.data.kind, DatasetKind::Circle);
    assert!(parsed.warnings.iter().any(|w| w.contains("custom means your own data")), "{:?}", parsed.warnings);
    assert_eq!(parsed.config.network.hidden, [3]);
    let user = Arc::new(UserData::from_csv(&blobs_csv(10)).unwrap());
    let with = hash::parse_with("dataset=custom&hidden=3", Some(user));
    assert!(with.warnings.is_empty(), "{:?}", with.warnings);
    assert_eq!(with.config.data.kind, DatasetKind::Custom);
    assert_eq!(hash::format(&with.config), hash::format(&custom(UserData::from_csv(&blobs_csv(10)).unwrap(), "hidden=3")));
}

#[test]
fn a_wide_table_is_fed_in_directly() {
    // 5 features, 3 classes (labels 10/20/30), class k marked by a large feature k.
    let mut s = String::new();
    for i in 0..90 {
        let k = i % 3;
        let row: Vec<String> = (0..5).map(|j| format!("{}", if j == k { 5.0 } else { 0.0 } + ((i * (j + 2)) % 7) as f32 * 0.1)).collect();
        s.push_str(&format!("{},{}\n", row.join(","), 10 * (k + 1)));
    }
    let user = UserData::from_csv(&s).unwrap();
    assert_eq!(user.labels, ["10", "20", "30"]);
    let config = custom(user, "hidden=6&optimizer=adam&lr=0.03&epochs=30&features=x1");
    assert!(!config.is_2d());
    let mut t = Trainer::new(config);
    assert_eq!(t.mlp.sizes, [5, 6, 3]);
    t.run(t.total_steps()).unwrap();
    assert_eq!(t.evaluate_test().accuracy, Some(1.0));
}

#[test]
fn the_cli_trains_on_a_csv_and_names_a_broken_one() {
    let dir = common::tmp("user-data");
    let path = dir.join("blobs.csv");
    std::fs::write(&path, blobs_csv(40)).unwrap();
    let out = dir.join("run");
    let s = common::json(&common::gradlab(&[
        "train", "--quiet", "--data", path.to_str().unwrap(), "--set", "hidden=4", "--set", "epochs=30", "--out", out.to_str().unwrap(),
    ]));
    assert_eq!(s["test"]["accuracy"], 1.0);
    std::fs::write(&path, "a,b,label\n1,2,0\n3,x,1\n").unwrap();
    let e = common::stderr(&common::gradlab(&["train", "--quiet", "--data", path.to_str().unwrap(), "--out", out.to_str().unwrap()]));
    assert!(e.contains("line 3, column 2"), "{e}");
}
