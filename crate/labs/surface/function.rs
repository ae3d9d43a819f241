//! Classic optimizer test functions f(x, y) with exact gradients (formulas and minima
//! from shared reference optimizers.md), plus diffGrad's three 1-D functions (Dubey et al.
//! 2019, sec. 4.1; y is ignored) and AMSGrad's online counterexample (Reddi et al. 2018,
//! sec. 3), whose gradient depends on the step and whose iterate lives in [−1, 1].


names! {
    pub enum TestFunction {
        /// (1 − x)² + 100 (y − x²)²; minimum (1, 1).
        Rosenbrock,
        /// (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²; minimum (3, 0.5).
        Beale,
        /// (x² + y − 11)² + (x + y² − 7)²; four minima, e.g. (3, 2).
        Himmelblau,
        /// 20 + Σ (x_i² − 10 cos 2πx_i); minimum (0, 0), many local minima.
        Rastrigin,
        /// x² − y²: a saddle at the origin.
        Saddle,
        /// F1(x) = (x + 0.3)² for x ≤ 0, (x − 0.2)² + 0.05 otherwise.
        DiffgradF1,
        /// F2(x) = −40x − 35.15 for x ≤ −0.9, x³ + x sin 8x + 0.85 otherwise. We use the true
        /// derivative 3x² + sin 8x + 8x cos 8x (the authors' notebook used x cos 8x + sin 8x + 3x²).
        DiffgradF2,
        /// F3: x² (x ≤ −0.5), 0.75 + x (≤ −0.4), −7x/8 (≤ 0), 7x/8 (≤ 0.4), 0.75 − x (≤ 0.5), x².
        DiffgradF3,
        /// f_t(x) = 1010x when t mod 101 = 1, else −10x, on [−1, 1] (t from 1).
        AmsgradCounterexample,
    }
}

impl TestFunction {
    /// The usual starting point.
    pub fn start(self) -> [f64; 2] {
        match self {
            TestFunction::Rosenbrock => [-1.5, 2.0],
            TestFunction::Beale => [1.0, 1.5],
            TestFunction::Himmelblau => [0.0, 0.0],
            TestFunction::Rastrigin => [2.5, 2.5],
            TestFunction::Saddle => [-1.0, 0.001],
            TestFunction::DiffgradF1 | TestFunction::DiffgradF2 | TestFunction::DiffgradF3 => [-1.0, 0.0],
            TestFunction::AmsgradCounterexample => [0.0, 0.0],
        }
    }

    /// The square (x range, y range) shown around the function's interesting region.
    pub fn view(self) -> [[f64; 2]; 2] {
        match self {
            TestFunction::Rosenbrock => [[-2.0, 2.0], [-1.0, 3.0]],
            TestFunction::Beale => [[-4.5, 4.5], [-4.5, 4.5]],
            TestFunction::Himmelblau => [[-5.0, 5.0], [-5.0, 5.0]],
            TestFunction::Rastrigin => [[-5.12, 5.12], [-5.12, 5.12]],
            TestFunction::Saddle => [[-2.0, 2.0], [-2.0, 2.0]],
            _ => [[-1.5, 1.5], [-1.0, 1.0]],
        }
    }

    /// f on a res × res grid of cell centres over `view`, row-major, top row first (y
    /// descending), columns left to right: the optimizers page's contour map.
    pub fn grid(self, res: usize) -> Vec<f64> {
        let [[x0, x1], [y0, y1]] = self.view();
        let mut values = Vec::with_capacity(res * res);
        for r in 0..res {
            for c in 0..res {
                let x = x0 + (c as f64 + 0.5) * (x1 - x0) / res as f64;
                let y = y1 - (r as f64 + 0.5) * (y1 - y0) / res as f64;
                values.push(self.value([x, y], 2));
            }
        }
        values
    }

    /// Whether only x matters (y stays where it starts).
    pub fn one_dimensional(self) -> bool {
        matches!(self, TestFunction::DiffgradF1 | TestFunction::DiffgradF2 | TestFunction::DiffgradF3 | TestFunction::AmsgradCounterexample)
    }

    /// f at (x, y); for the online counterexample, f_t at step t (1-based).
    pub fn value(self, [x, y]: [f64; 2], t: u64) -> f64 {
        use std::f64::consts::PI;
        match self {
            TestFunction::Rosenbrock => (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2),
            TestFunction::Beale => {
                (1.5 - x + x * y).powi(2) + (2.25 - x + x * y * y).powi(2) + (2.625 - x + x * y.powi(3)).powi(2)
            }
            TestFunction::Himmelblau => (x * x + y - 11.0).powi(2) + (x + y * y - 7.0).powi(2),
            TestFunction::Rastrigin => 20.0 + x * x - 10.0 * (2.0 * PI * x).cos() + y * y - 10.0 * (2.0 * PI * y).cos(),
            TestFunction::Saddle => x * x - y * y,
            TestFunction::DiffgradF1 => if x <= 0.0 { (x + 0.3).powi(2) } else { (x - 0.2).powi(2) + 0.05 },
            TestFunction::DiffgradF2 => if x <= -0.9 { -40.0 * x - 35.15 } else { x.powi(3) + x * (8.0 * x).sin() + 0.85 },
            TestFunction::DiffgradF3 => match x {
                x if x <= -0.5 => x * x,
                x if x <= -0.4 => 0.75 + x,
                x if x <= 0.0 => -7.0 * x / 8.0,
                x if x <= 0.4 => 7.0 * x / 8.0,
                x if x <= 0.5 => 0.75 - x,
                x => x * x,
            },
            TestFunction::AmsgradCounterexample => if t % 101 == 1 { 1010.0 * x } else { -10.0 * x },
        }
    }

    /// ∇f at (x, y) (at step t for the online counterexample).
    pub fn gradient(self, [x, y]: [f64; 2], t: u64) -> [f64; 2] {
        use std::f64::consts::PI;
        match self {
            TestFunction::Rosenbrock => [-2.0 * (1.0 - x) - 400.0 * x * (y - x * x), 200.0 * (y - x * x)],
            TestFunction::Beale => {
                let (r1, r2, r3) = (1.5 - x + x * y, 2.25 - x + x * y * y, 2.625 - x + x * y.powi(3));
                [
                    2.0 * r1 * (y - 1.0) + 2.0 * r2 * (y * y - 1.0) + 2.0 * r3 * (y.powi(3) - 1.0),
                    2.0 * r1 * x + 4.0 * r2 * x * y + 6.0 * r3 * x * y * y,
                ]
            }
            TestFunction::Himmelblau => [
                4.0 * x * (x * x + y - 11.0) + 2.0 * (x + y * y - 7.0),
                2.0 * (x * x + y - 11.0) + 4.0 * y * (x + y * y - 7.0),
            ],
            TestFunction::Rastrigin => [
                2.0 * x + 20.0 * PI * (2.0 * PI * x).sin(),
                2.0 * y + 20.0 * PI * (2.0 * PI * y).sin(),
            ],
            TestFunction::Saddle => [2.0 * x, -2.0 * y],
            TestFunction::DiffgradF1 => [if x <= 0.0 { 2.0 * (x + 0.3) } else { 2.0 * (x - 0.2) }, 0.0],
            TestFunction::DiffgradF2 => {
                [if x <= -0.9 { -40.0 } else { 3.0 * x * x + (8.0 * x).sin() + 8.0 * x * (8.0 * x).cos() }, 0.0]
            }
            TestFunction::DiffgradF3 => [
                match x {
                    x if x <= -0.5 => 2.0 * x,
                    x if x <= -0.4 => 1.0,
                    x if x <= 0.0 => -7.0 / 8.0,
                    x if x <= 0.4 => 7.0 / 8.0,
                    x if x <= 0.5 => -1.0,
                    x => 2.0 * x,
                },
                0.0,
            ],
            TestFunction::AmsgradCounterexample => [if t % 101 == 1 { 1010.0 } else { -10.0 }, 0.0],
        }
    }

    /// The feasible set's projection: [−1, 1] for the counterexample, everything otherwise.
    pub fn project(self, p: [f64; 2]) -> [f64; 2] {
        match self {
            TestFunction::AmsgradCounterexample => [p[0].clamp(-1.0, 1.0), p[1]],
            _ => p,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradients_match_central_differences() {
        let h = 1e-6;
        for f in TestFunction::ALL {
            for p in [[-1.3, 0.7], [0.45, -0.35], [2.2, 1.1], [-0.95, 0.3], [0.2, 0.0]] {
                let g = f.gradient(p, 2);
                let nx = (f.value([p[0] + h, p[1]], 2) - f.value([p[0] - h, p[1]], 2)) / (2.0 * h);
                let ny = (f.value([p[0], p[1] + h], 2) - f.value([p[0], p[1] - h], 2)) / (2.0 * h);
                assert!((g[0] - nx).abs() < 1e-4 * nx.abs().max(1.0), "{} at {p:?}: {} vs {nx}", f.name(), g[0]);
                assert!((g[1] - ny).abs() < 1e-4 * ny.abs().max(1.0), "{} at {p:?}: {} vs {ny}", f.name(), g[1]);
            }
        }
    }

    #[test]
    fn minima_are_where_the_references_put_them() {
        assert_eq!(TestFunction::Rosenbrock.value([1.0, 1.0], 1), 0.0);
        assert!(TestFunction::Beale.value([3.0, 0.5], 1).abs() < 1e-12);
        assert_eq!(TestFunction::Himmelblau.value([3.0, 2.0], 1), 0.0);
        assert!(TestFunction::Himmelblau.value([-2.805118, 3.131312], 1) < 1e-9);
        assert_eq!(TestFunction::Rastrigin.value([0.0, 0.0], 1), 0.0);
    }
}
