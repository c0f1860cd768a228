pub mod bases;
pub mod builds;
pub mod debian;
pub mod eras;
pub mod packages;
pub mod runtimes;
pub mod tags;
pub mod wrappers;
