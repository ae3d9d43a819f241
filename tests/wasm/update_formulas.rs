// Included by tests/optimizers.rs (native) and tests/wasm_node.rs (the wasm build, whose
// loops vectorize to simd128).

/// The update loops of the Adam family, RMSProp, Adamax and AdaBound run one straight loop per rule
/// over zipped slices (maxima as selects), so the compiler vectorizes them. Vectorizing must not change a bit: each rule is checked here
/// against its formula written out element by element in f32 (the papers' order of
/// operations, as the optimizers' files state it), over 12 steps on 37 parameters (not a
/// multiple of any vector width), so RAdam runs both its unrectified and rectified steps.
fn update_loops_match_the_formulas_bit_for_bit() {
    use gradlab::optim::{Hyper, OptimizerKind};
    let n = 37;
    let grads: Vec<Vec<f32>> = (0..12).map(|t| (0..n).map(|i| ((i * 7 + t * 3) % 11) as f32 * 0.3 - 1.4 + (t as f32) * 0.01).collect()).collect();
    let x0: Vec<f32> = (0..n).map(|i| (i as f32 * 0.37).sin()).collect();
    let correction = |beta: f32, t: i32| (1.0 - (beta as f64).powi(t)) as f32;
    let sigmoid = |z: f32| gradlab::nn::activation::sigmoid(z);
    // (rule, settings, its formula: one step on x, m, v and the rule's extra buffer, given
    // g, t, the bias correction 1 − βᵗ and the sigmoid)
    type Reference = fn(&mut [f32], &mut [f32], &mut [f32], &mut [f32], &[f32], i32, &dyn Fn(f32, i32) -> f32, &dyn Fn(f32) -> f32);
    let cases: Vec<(OptimizerKind, Hyper, Reference)> = vec![
        (OptimizerKind::Adam, Hyper::default(), |x, m, v, _, g, t, c, _| {
            for i in 0..x.len() {
                m[i] = 0.9 * m[i] + (1.0 - 0.9f32) * g[i];
                v[i] = 0.999 * v[i] + (1.0 - 0.999f32) * g[i] * g[i];
                x[i] = x[i] - 0.01 * (m[i] / c(0.9, t)) / ((v[i] / c(0.999, t)).sqrt() + 1e-8);
            }
        }),
        (OptimizerKind::Adamw, Hyper::default(), |x, m, v, _, g, t, c, _| {
            for i in 0..x.len() {
                m[i] = 0.9 * m[i] + (1.0 - 0.9f32) * g[i];
                v[i] = 0.999 * v[i] + (1.0 - 0.999f32) * g[i] * g[i];
                x[i] = x[i] - 0.01 * ((m[i] / c(0.9, t)) / ((v[i] / c(0.999, t)).sqrt() + 1e-8) + 1e-2 * x[i]);
            }
        }),
        (OptimizerKind::Amsgrad, Hyper::default(), |x, m, v, vmax, g, t, c, _| {
            for i in 0..x.len() {
                m[i] = 0.9 * m[i] + (1.0 - 0.9f32) * g[i];
                v[i] = 0.999 * v[i] + (1.0 - 0.999f32) * g[i] * g[i];
                vmax[i] = vmax[i].max(v[i] / c(0.999, t));
                x[i] = x[i] - 0.01 * (m[i] / c(0.9, t)) / (vmax[i].sqrt() + 1e-8);
            }
        }),
        (OptimizerKind::Amsgrad, Hyper { max_corrected: Some(false), ..Hyper::default() }, |x, m, v, vmax, g, t, c, _| {
            for i in 0..x.len() {
                m[i] = 0.9 * m[i] + (1.0 - 0.9f32) * g[i];
                v[i] = 0.999 * v[i] + (1.0 - 0.999f32) * g[i] * g[i];
                vmax[i] = vmax[i].max(v[i]);
                x[i] = x[i] - 0.01 * (m[i] / c(0.9, t)) / ((vmax[i] / c(0.999, t)).sqrt() + 1e-8);
            }
        }),
        (OptimizerKind::Diffgrad, Hyper::default(), |x, m, v, prev, g, t, c, s| {
            for i in 0..x.len() {
                m[i] = 0.9 * m[i] + (1.0 - 0.9f32) * g[i];
                v[i] = 0.999 * v[i] + (1.0 - 0.999f32) * g[i] * g[i];
                let xi = s((prev[i] - g[i]).abs());
                prev[i] = g[i];
                x[i] = x[i] - 0.01 * xi * (m[i] / c(0.9, t)) / ((v[i] / c(0.999, t)).sqrt() + 1e-8);
            }
        }),
        (OptimizerKind::Grams, Hyper { weight_decay: Some(0.1), ..Hyper::default() }, |x, m, v, _, g, t, c, _| {
            for i in 0..x.len() {
                m[i] = 0.9 * m[i] + (1.0 - 0.9f32) * g[i];
                v[i] = 0.999 * v[i] + (1.0 - 0.999f32) * g[i] * g[i];
                let sign = if g[i] > 0.0 { 1.0 } else if g[i] < 0.0 { -1.0 } else { 0.0 };
                x[i] = x[i] * (1.0 - 0.01 * 0.1) - 0.01 * sign * (m[i] / c(0.9, t)).abs() / ((v[i] / c(0.999, t)).sqrt() + 1e-6);
            }
        }),
        (OptimizerKind::Adabelief, Hyper::default(), |x, m, s, _, g, t, c, _| {
            for i in 0..x.len() {
                m[i] = 0.9 * m[i] + (1.0 - 0.9f32) * g[i];
                let err = g[i] - m[i];
                s[i] = 0.999 * s[i] + (1.0 - 0.999f32) * err * err + 1e-16;
                x[i] -= 0.01 * (m[i] / c(0.9, t)) / ((s[i] / c(0.999, t)).sqrt() + 1e-16);
            }
        }),
        (OptimizerKind::Rmsprop, Hyper::default(), |x, _, v, _, g, _, _, _| {
            for i in 0..x.len() {
                v[i] = 0.9 * v[i] + (1.0 - 0.9f32) * g[i] * g[i];
                x[i] -= 0.01 * g[i] / (v[i].max(0.0).sqrt() + 1e-8);
            }
        }),
        (OptimizerKind::Rmsprop, Hyper { centered: Some(true), eps_inside: Some(true), ..Hyper::default() }, |x, a, v, _, g, _, _, _| {
            for i in 0..x.len() {
                v[i] = 0.9 * v[i] + (1.0 - 0.9f32) * g[i] * g[i];
                a[i] = 0.9 * a[i] + (1.0 - 0.9f32) * g[i];
                x[i] -= 0.01 * g[i] / ((v[i] - a[i] * a[i]).max(0.0) + 1e-8).sqrt();
            }
        }),
        (OptimizerKind::Adamax, Hyper::default(), |x, m, u, _, g, t, c, _| {
            for i in 0..x.len() {
                m[i] = 0.9 * m[i] + (1.0 - 0.9f32) * g[i];
                u[i] = (0.999 * u[i]).max(g[i].abs());
                x[i] -= 0.01 * (m[i] / c(0.9, t)) / (u[i] + 1e-8);
            }
        }),
        (OptimizerKind::Adabound, Hyper::default(), |x, m, v, _, g, t, c, _| adabound(x, m, v, None, g, t, c)),
        (OptimizerKind::Amsbound, Hyper::default(), |x, m, v, vmax, g, t, c, _| adabound(x, m, v, Some(vmax), g, t, c)),
        (OptimizerKind::Radam, Hyper::default(), |x, m, v, _, g, t, c, _| {
            let b2 = 0.999f32 as f64;
            let rho_inf = 2.0 / (1.0 - b2) - 1.0;
            let rho = rho_inf - 2.0 * t as f64 * b2.powi(t) / (1.0 - b2.powi(t));
            let r = (((rho - 4.0) * (rho - 2.0) * rho_inf) / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho)).sqrt() as f32;
            for i in 0..x.len() {
                m[i] = 0.9 * m[i] + (1.0 - 0.9f32) * g[i];
                v[i] = 0.999 * v[i] + (1.0 - 0.999f32) * g[i] * g[i];
                let m_hat = m[i] / c(0.9, t);
                x[i] -= 0.01 * if rho > 5.0 { r * m_hat / ((v[i] / c(0.999, t)).sqrt() + 1e-8) } else { m_hat };
            }
        }),
    ];
    // AdaBound (and with v_max, AMSBound) at the defaults: final_lr 0.1, γ 1e-3, the base
    // learning rate the first step's (0.01 throughout, so f = 0.1).
    fn adabound(x: &mut [f32], m: &mut [f32], v: &mut [f32], mut v_max: Option<&mut [f32]>, g: &[f32], t: i32, c: &dyn Fn(f32, i32) -> f32) {
        let step = 0.01 * c(0.999, t).sqrt() / c(0.9, t);
        let f = 0.1f32 * 0.01 / 0.01;
        let (lower, upper) = (f * (1.0 - 1.0 / (1e-3 * t as f32 + 1.0)), f * (1.0 + 1.0 / (1e-3 * t as f32)));
        for i in 0..x.len() {
            m[i] = 0.9 * m[i] + (1.0 - 0.9f32) * g[i];
            v[i] = 0.999 * v[i] + (1.0 - 0.999f32) * g[i] * g[i];
            let denom = match v_max.as_deref_mut() {
                Some(v_max) => {
                    v_max[i] = v_max[i].max(v[i]);
                    v_max[i]
                }
                None => v[i],
            };
            x[i] -= (step / (denom.sqrt() + 1e-8)).clamp(lower, upper) * m[i];
        }
    }
    for (kind, hyper, reference) in cases {
        let mut opt = kind.build(&hyper, n);
        let mut x = x0.clone();
        let (mut rx, mut m, mut v, mut extra) = (x0.clone(), vec![0.0; n], vec![0.0; n], vec![0.0; n]);
        for (t, g) in grads.iter().enumerate() {
            opt.step(&mut x, g, 0.01);
            reference(&mut rx, &mut m, &mut v, &mut extra, g, t as i32 + 1, &correction, &sigmoid);
            for i in 0..n {
                assert_eq!(x[i].to_bits(), rx[i].to_bits(), "{} {hyper:?} step {} parameter {i}: {} vs {}", kind.name(), t + 1, x[i], rx[i]);
            }
        }
    }
}
