//! Projects to start from: the sample (the source's worked cases, on sample masters) and generated national-scale
//! projects for benchmarks and demos.

pub mod generate;
pub mod sample;
