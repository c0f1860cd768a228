pub mod bases;
pub mod builds;
pub mod debian;
pub mod packages;
pub mod tags;
