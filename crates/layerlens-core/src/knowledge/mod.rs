pub mod bases;
pub mod debian;
pub mod tags;
