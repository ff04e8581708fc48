//! Renkei Workbench: build and check the test specifications of the My Number integrated operation test
//! between local governments and medical insurers.

pub mod cli;
pub mod domain;
pub mod exchange;
pub mod platform;
pub mod store;
pub mod ui;
