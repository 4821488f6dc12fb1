//! The portal's columns (栏目): required ones present, none empty, each updated as often as its
//! class demands (国办公开办函〔2019〕61号, 国办秘函〔2019〕19号).

pub mod empty;
pub mod missing;
pub mod stale;
