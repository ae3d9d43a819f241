//! The training-dynamics lab: curvature (sharpness, top-k spectrum, gradient share), the
//! edge of stability, grokking, softmax collapse and neural collapse, each an experiment on
//! the one trainer or beside it, reporting series for the CLI (`gradlab dynamics`) and the
//! page (www/dynamics/). docs/DYNAMICS.md sets our numbers beside the papers'.

pub mod curvature;
